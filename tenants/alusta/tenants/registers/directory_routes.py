"""The public controller directory page (no login): who uses alusta, and their privacy notices.

Thin: it calls the same directory service as the portal API (:mod:`.directory`); the search is
by controller name only, and the page shows organisations, never anything about a person.
"""

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.tenants.registers.directory import MAX_QUERY_CHARS, directory


class DirectoryPageController(Controller):
    path = "/controllers"
    include_in_schema = False

    @get("/", name="directory")
    async def directory_page(
        self,
        db_session: NamedDependency[AsyncSession],
        q: Annotated[str | None, QueryParameter(name="q", max_length=MAX_QUERY_CHARS)] = None,
    ) -> Template:
        query = (q or "").strip() or None
        entries = await directory(db_session, with_registers=True, query=query)
        return Template(template_name="registers/directory.html", context={"entries": entries, "query": query or ""})
