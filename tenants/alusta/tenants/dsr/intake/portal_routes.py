"""Portal routes (``/api/v1/dsr``): thin handlers; the support desk's are in ``desk_routes``.

Not-found and not-yours are the same 404; the desk's answers never depend on whether the
subject has data in the tenant (nothing here looks). Every handler works in the request-scoped
session (one unit of work, committed by its provider); a subject's own request arrives as the
``own`` dependency, its tenant bound from the caller's receipt.
"""

from collections.abc import Awaitable
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Response, Stream
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import holds, signed_in
from alusta.auth.permissions import Permission
from alusta.db.base import as_utc
from alusta.tenants.dsr.core.service import RequestNotFoundError
from alusta.tenants.dsr.http import (
    BODY_LIMIT,
    READ_OWN,
    AnyRequest,
    answer_out,
    checked_attachment,
    key_provider,
    not_found,
    provide_own_request,
    receipt_out,
    refusal_problem,
    request_closed,
    tell_controllers,
)
from alusta.tenants.dsr.intake import filing as intake
from alusta.tenants.dsr.intake import portal
from alusta.tenants.dsr.intake.attachments import MAX_ATTACHMENT_BYTES
from alusta.tenants.dsr.intake.subject_filing import file_as_subject, subject_login
from alusta.tenants.dsr.runtime import runtime_of
from alusta.tenants.dsr.schemas import (
    AttachmentOut,
    ContactPointOut,
    EventOut,
    FiledOut,
    FileIn,
    MessageOut,
    ReceiptOut,
    SubjectRequestOut,
    TextIn,
)
from alusta.tenants.registers.directory import directory
from alusta.web.problems import Problem, handle_http_exception


class PortalController(Controller):
    """The data subject's own requests (strong login)."""

    path = "/api/v1/dsr"
    tags = ("data-subject requests: portal",)
    dependencies = {"own": Provide(provide_own_request)}  # noqa: RUF012 - Litestar layer config

    @get("/controllers", guards=[READ_OWN], summary="Controllers and registers.")
    async def controllers(self, db_session: NamedDependency[AsyncSession]) -> list[ContactPointOut]:
        """Also the answer to "who holds my data": every controller's contact points, never yes/no."""
        entries = await directory(db_session, with_registers=True)
        return [
            ContactPointOut(
                e.tenant_id,
                e.name,
                e.business_id,
                e.contact_point,
                e.dpo_contact,
                [{"id": i, "name": n, "notice": f"/api/v1/notices/{e.tenant_id}/{i}"} for i, n in e.registers],
            )
            for e in entries
        ]

    @post(
        "/requests",
        guards=[holds(Permission.SUBJECT_REQUESTS_FILE, strong_login=True)],
        request_max_body_size=BODY_LIMIT,
        status_code=HTTP_201_CREATED,
        summary="File a request to one or several controllers (all or nothing); one reference per controller.",
    )
    async def file(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession], data: JSONBody[FileIn]
    ) -> Response[list[FiledOut]]:
        vault = request.app.state["auth"].vault
        try:
            done = await file_as_subject(db_session, key_provider(request), vault, data, subject_login(request))
        except intake.IntakeRefusedError as exc:
            raise refusal_problem(exc) from None
        filed = [FiledOut(d.reference, d.tenant_id, d.state, d.received_at, d.due_at) for d in done]
        return Response(
            filed, status_code=HTTP_201_CREATED, background=tell_controllers(request, [f.tenant_id for f in filed])
        )

    @get("/requests", guards=[READ_OWN], summary="My requests.")
    async def mine(self, request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> list[ReceiptOut]:
        vault = request.app.state["auth"].vault
        receipts, names = await portal.own_receipts(db_session, signed_in(request).identity_id, vault)
        return [receipt_out(r, names) for r in receipts]

    @get("/requests/{reference:str}", guards=[READ_OWN], summary="One of my requests.")
    async def one(self, own: NamedDependency[portal.SubjectSession]) -> SubjectRequestOut:
        view = await portal.subject_view(own)
        r = view.request
        return SubjectRequestOut(
            reference=r.reference,
            tenant_id=r.tenant_id,
            controller=view.tenant_name,
            request_type=r.request_type,
            channel=r.channel,
            state=r.state,
            outcome=r.outcome,
            received_at=as_utc(r.received_at),
            due_at=as_utc(r.due_at),
            extended_months=r.extended_months,
            identity_verified=r.identity_verified,
            free_of_charge=r.free_of_charge,
            details=view.details,
            messages=[MessageOut(at, author, text) for at, author, text in view.messages],
            answers=[answer_out(a, t) for a, t in view.answers],
            events=[EventOut(as_utc(e.at), e.actor_kind, e.from_state, e.to_state) for e in view.events],
        )

    @post(
        "/requests/{reference:str}/messages",
        guards=[READ_OWN],
        request_max_body_size=BODY_LIMIT,
        status_code=HTTP_204_NO_CONTENT,
        summary="Reply to the controller (e.g. the information asked for).",
    )
    async def reply(self, own: NamedDependency[portal.SubjectSession], data: JSONBody[TextIn]) -> None:
        await _act(portal.subject_reply(own, own.identity_id, data.text))

    @post(
        "/requests/{reference:str}/withdraw",
        guards=[READ_OWN],
        status_code=HTTP_204_NO_CONTENT,
        summary="Withdraw my request.",
    )
    async def withdraw(self, own: NamedDependency[portal.SubjectSession]) -> None:
        await _act(portal.subject_withdraw(own, own.identity_id))

    @post(
        "/requests/{reference:str}/attachments",
        guards=[READ_OWN],
        request_max_body_size=MAX_ATTACHMENT_BYTES,
        status_code=HTTP_201_CREATED,
        summary="Attach a document (PDF, PNG, JPEG, text; body = the file, Content-Type = its type).",
    )
    async def attach(
        self,
        request: AnyRequest,
        own: NamedDependency[portal.SubjectSession],  # ownership first: someone else's reference is a plain 404
        name: Annotated[str, QueryParameter(min_length=1, max_length=255)],
    ) -> AttachmentOut:
        runtime = runtime_of(request.app.state)
        checked = await checked_attachment(runtime, name, request.headers.get("content-type", ""), await request.body())
        try:
            attachment_id = await portal.subject_attach(own, checked)
        except portal.RequestClosedError:
            raise request_closed() from None
        except portal.AttachmentLimitError:
            raise Problem(422, "too_many_attachments", "this request has the maximum number of attachments") from None
        return AttachmentOut(attachment_id, checked.name, checked.content_type.value, len(checked.data))

    @get(
        "/requests/{reference:str}/answers/{answer_id:int}/download",
        guards=[READ_OWN],
        summary="Download a released answer bundle (until its link expires).",
    )
    async def download(
        self,
        request: AnyRequest,
        own: NamedDependency[portal.SubjectSession],
        answer_id: FromPath[int],
    ) -> Response[Any]:
        try:
            download = await portal.subject_download(own, runtime_of(request.app.state).bundle_dir, answer_id)
        except portal.LinkExpiredError:
            # An answer, not a failure: the expiry (status, purged file) is kept by the unit of work.
            return handle_http_exception(request, Problem(410, "link_expired", "the download link has expired"))
        except RequestNotFoundError:
            raise not_found() from None
        return Stream(
            download.chunks,
            media_type="application/zip",
            headers={"content-disposition": f'attachment; filename="{download.filename}"', "cache-control": "no-store"},
        )


async def _act(action: Awaitable[None]) -> None:
    try:
        await action
    except portal.RequestClosedError:
        raise request_closed() from None
