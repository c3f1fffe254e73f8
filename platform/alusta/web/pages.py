"""Public pages: the landing page in Finnish (default), Swedish or English, and security.txt."""

from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from alusta.i18n import Lang, negotiate, text

SECURITY_TXT = """Contact: mailto:security@alusta.example.test
Expires: {expires}
Preferred-Languages: fi, sv, en
Policy: {origin}/security-policy
"""


def request_lang(request: Request[Any, Any, Any]) -> Lang:
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


class PagesController(Controller):
    include_in_schema = False

    @get("/", name="home")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        lang = request_lang(request)
        return Template(
            template_name="home.html",
            context={"lang": lang, "title": text("home_title", lang), "intro": text("home_intro", lang)},
        )

    @get("/.well-known/security.txt", media_type="text/plain")
    async def security_txt(self, request: Request[Any, Any, Any]) -> str:
        settings = request.app.state.settings
        expires = (datetime.now(UTC) + timedelta(days=365)).strftime("%Y-%m-%dT00:00:00Z")  # RFC 9116: < 1 year
        return SECURITY_TXT.format(expires=expires, origin=settings.public_url)
