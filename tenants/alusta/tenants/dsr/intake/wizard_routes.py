"""The "make a request" pages: controllers → right → details → check your answers → sent.

One question per page, no JavaScript, no server-side draft. The first two steps are GET forms
carrying only controller ids and the right (nothing about the person in a URL); the details are
POSTed (CSRF field) and carried as hidden fields to the check page, whose "Send" files the
request through the same service as the API (:func:`.subject_filing.file_as_subject`) and
answers 303 to the confirmation, which lists one reference and deadline per controller.
"""

from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import holds, loa_name, signed_in
from alusta.auth.permissions import Permission
from alusta.tenants.dsr.core.words import PAGE_WORDS
from alusta.tenants.dsr.http import AnyRequest, key_provider, refusal_problem, tell_controllers
from alusta.tenants.dsr.intake import filing as intake
from alusta.tenants.dsr.intake import portal
from alusta.tenants.dsr.intake.subject_filing import file_as_subject, subject_login
from alusta.tenants.dsr.intake.wizard_form import DETAIL_FIELDS, chosen_controllers, chosen_right, to_filing
from alusta.tenants.registers.directory import ControllerEntry, directory
from alusta.web.forms import FormState, see_other
from alusta.web.translations import gettext

FILE = holds(Permission.SUBJECT_REQUESTS_FILE, strong_login=True)
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Ids = Annotated[list[str] | None, QueryParameter(name="tenant", max_items=20)]
Right = Annotated[str | None, QueryParameter(name="right", max_length=32)]
MAX_REFERENCES = 20


def _needs_stronger(entries: list[ControllerEntry], loa: str) -> list[ControllerEntry]:
    """Controllers that require high assurance (loa3) when this login is substantial (loa2)."""
    return [e for e in entries if intake.needs_stronger_login(e.required_loa, loa)]


def _controllers_page(entries: list[ControllerEntry], form: FormState, status_code: int = 200) -> Template:
    context = {"form": form, "options": [(e.tenant_id, e.name) for e in entries]}
    return Template(template_name="dsr/new_controllers.html", context=context, status_code=status_code)


def _right_page(chosen: list[ControllerEntry], form: FormState, status_code: int = 200) -> Template:
    context = {**PAGE_WORDS, "chosen": chosen, "form": form}
    return Template(template_name="dsr/new_right.html", context=context, status_code=status_code)


async def _chosen_or_page(
    session: AsyncSession, tenant: list[str] | None, right: str | None
) -> tuple[list[ControllerEntry], FormState] | Template:
    """The GET steps' controllers and answers so far, or step 1 again (400) if none was chosen."""
    entries = await directory(session, with_registers=False)
    form = FormState(lists={"tenant": list(tenant or []), "right": [right] if right else []})
    chosen = chosen_controllers(entries, form)
    if not chosen:
        form.error("tenant", gettext("Choose at least one controller."))
        return _controllers_page(entries, form, status_code=400)
    return chosen, form


class WizardPagesController(Controller):
    path = "/requests/new"
    include_in_schema = False
    guards = [FILE]  # noqa: RUF012 - Litestar layer config

    @get("/", name="new_request")
    async def controllers(self, db_session: NamedDependency[AsyncSession], tenant: Ids = None) -> Template:
        entries = await directory(db_session, with_registers=False)
        form = FormState(lists={"tenant": list(tenant or [])})
        return _controllers_page(entries, form)

    @get("/right", name="new_request_right")
    async def right(
        self, db_session: NamedDependency[AsyncSession], tenant: Ids = None, right: Right = None
    ) -> Template:
        chosen = await _chosen_or_page(db_session, tenant, right)
        if isinstance(chosen, Template):
            return chosen
        return _right_page(*chosen)

    @get("/details", name="new_request_details")
    async def details(
        self, db_session: NamedDependency[AsyncSession], tenant: Ids = None, right: Right = None
    ) -> Template:
        chosen = await _chosen_or_page(db_session, tenant, right)
        if isinstance(chosen, Template):
            return chosen
        controllers, form = chosen
        if chosen_right(form) is None:
            form.error("right", gettext("Choose what you want to ask for."))
            return _right_page(controllers, form, status_code=400)
        return self._details_page(controllers, form)

    @post("/details", name="new_request_change")
    async def change(self, db_session: NamedDependency[AsyncSession], data: FormBody) -> Template:
        """The details form again with what was entered ("Change" on the check page)."""
        form = FormState.of(data)
        chosen = chosen_controllers(await directory(db_session, with_registers=False), form)
        return self._details_page(chosen, form)

    @post("/check", name="new_request_check")
    async def check(self, request: AnyRequest, db_session: NamedDependency[AsyncSession], data: FormBody) -> Template:
        form = FormState.of(data)
        entries = await directory(db_session, with_registers=False)
        chosen = chosen_controllers(entries, form)
        filing = to_filing(form, chosen)
        if filing is None:
            return self._details_page(chosen, form, status_code=400)
        stronger = _needs_stronger(chosen, loa_name(signed_in(request)))
        context = {**PAGE_WORDS, "chosen": chosen, "form": form, "filing": filing, "stronger": stronger}
        context["detail_fields"] = DETAIL_FIELDS
        return Template(template_name="dsr/new_check.html", context=context)

    @post("/submit", name="new_request_submit")
    async def submit(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession], data: FormBody
    ) -> Template | Redirect:
        form = FormState.of(data)
        chosen = chosen_controllers(await directory(db_session, with_registers=False), form)
        filing = to_filing(form, chosen)
        if filing is None:
            return self._details_page(chosen, form, status_code=400)
        vault = request.app.state["auth"].vault
        try:
            done = await file_as_subject(db_session, key_provider(request), vault, filing, subject_login(request))
        except intake.IntakeRefusedError as exc:
            raise refusal_problem(exc) from None
        query = urlencode([("ref", d.reference) for d in done])
        redirect = see_other(f"/requests/new/sent?{query}")
        redirect.background = tell_controllers(request, [d.tenant_id for d in done])
        return redirect

    @get("/sent", name="new_request_sent")
    async def sent(
        self,
        request: AnyRequest,
        db_session: NamedDependency[AsyncSession],
        ref: Annotated[list[str] | None, QueryParameter(name="ref", max_items=MAX_REFERENCES)] = None,
    ) -> Template:
        """The confirmation: only the caller's own receipts among the references named."""
        receipts, names = await portal.own_receipts(db_session, signed_in(request).identity_id)
        wanted = set(ref or [])
        mine = [r for r in receipts if r.reference in wanted]
        return Template(template_name="dsr/new_sent.html", context={**PAGE_WORDS, "receipts": mine, "names": names})

    @staticmethod
    def _details_page(chosen: list[ControllerEntry], form: FormState, status_code: int = 200) -> Template:
        form.lists.setdefault("delivery_format", [form.values.get("delivery_format") or "electronic"])
        context = {**PAGE_WORDS, "chosen": chosen, "form": form, "right": chosen_right(form)}
        return Template(template_name="dsr/new_details.html", context=context, status_code=status_code)
