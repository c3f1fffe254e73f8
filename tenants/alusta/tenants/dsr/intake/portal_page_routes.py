"""The data subject's pages for their requests: My requests, one request, reply, withdraw.

Thin handlers over the same services as the portal API (:mod:`.portal`): the request-scoped
session is the one unit of work, the caller's own request arrives as ``own`` (bound to its
tenant from the caller's receipt; someone else's reference is the same 404 as a missing one).
Forms post with the CSRF hidden field and answer 303 (POST → redirect → GET).
"""

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import signed_in
from alusta.i18n import N_
from alusta.tenants.dsr.core.states import RequestState, is_open
from alusta.tenants.dsr.core.words import PAGE_WORDS
from alusta.tenants.dsr.http import (
    READ_OWN,
    AnyRequest,
    checked_attachment,
    message_text,
    provide_own_request,
    request_closed,
)
from alusta.tenants.dsr.intake import portal
from alusta.tenants.dsr.intake.attachments import MAX_ATTACHMENT_BYTES
from alusta.tenants.dsr.runtime import runtime_of
from alusta.web.forms import FormState, see_other
from alusta.web.problems import Problem
from alusta.web.translations import gettext

FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
UploadBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
MULTIPART_OVERHEAD = 64 * 1024  # the form's other fields and the part headers
# The checks' refusals, as the person reads them next to the file field.
ATTACHMENT_REFUSALS = {
    "attachment_too_large": N_("The file is too large: at most 10 MB."),
    "attachment_type": N_("Attach a PDF, PNG, JPEG or plain-text file."),
    "attachment_type_mismatch": N_(
        "The file's content does not match its type. Attach a PDF, PNG, JPEG or plain-text file."
    ),
    "attachment_extension": N_("The file name's extension does not match its content."),
    "attachment_empty": N_("The file is empty."),
    "attachment_infected": N_("The virus scanner refused the file."),
    "too_many_attachments": N_("A request can have at most 5 attachments."),
}


def _detail(view: portal.SubjectView, form: FormState | None = None) -> dict[str, Any]:
    state = RequestState(view.request.state)
    return {
        "period": portal.asked_period(view.details),
        **PAGE_WORDS,
        "view": view,
        "r": view.request,
        "state": state,
        "open": is_open(state),
        "form": form or FormState(),
    }


async def _detail_again(own: portal.SubjectSession, form: FormState, status_code: int) -> Template:
    """The detail page with the form's mistake shown (error summary and next to the field)."""
    return Template(
        template_name="dsr/request.html", context=_detail(await portal.subject_view(own), form), status_code=status_code
    )


class SubjectPagesController(Controller):
    """``/requests``: pages for the logged-in person's own requests (strong login)."""

    path = "/requests"
    include_in_schema = False
    guards = [READ_OWN]  # noqa: RUF012 - Litestar layer config
    dependencies = {"own": Provide(provide_own_request)}  # noqa: RUF012 - Litestar layer config

    @get("/", name="my_requests")
    async def mine(self, request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
        vault = request.app.state["auth"].vault
        receipts, names = await portal.own_receipts(db_session, signed_in(request).identity_id, vault)
        return Template(
            template_name="dsr/my_requests.html", context={**PAGE_WORDS, "receipts": receipts, "names": names}
        )

    @get("/{reference:str}", name="my_request")
    async def one(self, own: NamedDependency[portal.SubjectSession]) -> Template:
        return Template(template_name="dsr/request.html", context=_detail(await portal.subject_view(own)))

    @post("/{reference:str}/messages", name="reply")
    async def reply(self, own: NamedDependency[portal.SubjectSession], data: FormBody) -> Redirect | Response[Any]:
        form = FormState.of(data)
        text = message_text(form)
        if not form.ok:
            return await _detail_again(own, form, 400)
        try:
            await portal.subject_reply(own, own.identity_id, text)
        except portal.RequestClosedError:
            raise request_closed() from None
        return see_other(f"/requests/{own.request.reference}#messages")

    @post(
        "/{reference:str}/attachments",
        name="attach",
        request_max_body_size=MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD,
    )
    async def attach(
        self, request: AnyRequest, own: NamedDependency[portal.SubjectSession], data: UploadBody
    ) -> Redirect | Response[Any]:
        """A file for the controller (e.g. the proof it asked for), checked and scanned as by the API."""
        upload = data.get("file")
        form = FormState()
        if not isinstance(upload, UploadFile) or not upload.filename:
            form.error("file", gettext("Choose a file to attach."))
            return await _detail_again(own, form, 400)
        body = await upload.read()
        try:
            checked = await checked_attachment(
                runtime_of(request.app.state), upload.filename, upload.content_type, body
            )
            await portal.subject_attach(own, checked)
        except Problem as problem:
            if problem.code not in ATTACHMENT_REFUSALS:
                raise
            form.error("file", gettext(ATTACHMENT_REFUSALS[problem.code]))
            return await _detail_again(own, form, problem.status_code)
        except portal.AttachmentLimitError:
            form.error("file", gettext(ATTACHMENT_REFUSALS["too_many_attachments"]))
            return await _detail_again(own, form, 422)
        except portal.RequestClosedError:
            raise request_closed() from None
        return see_other(f"/requests/{own.request.reference}#attachments")

    @get("/{reference:str}/withdraw", name="withdraw_confirm")
    async def withdraw_page(self, own: NamedDependency[portal.SubjectSession]) -> Template:
        if not is_open(RequestState(own.request.state)):
            raise request_closed()
        context = {**PAGE_WORDS, "r": own.request, "controller": own.tenant_name}
        return Template(template_name="dsr/withdraw.html", context=context)

    @post("/{reference:str}/withdraw", name="withdraw")
    async def withdraw(self, own: NamedDependency[portal.SubjectSession], data: FormBody) -> Redirect:
        del data  # the CSRF field only: the confirmation is the POST itself
        try:
            await portal.subject_withdraw(own, own.identity_id)
        except portal.RequestClosedError:
            raise request_closed() from None
        return see_other(f"/requests/{own.request.reference}")
