"""``/api/v1/tenants/{tenant_id}/requests``: the controller's staff act on requests (thin handlers).

Non-members (other tenants' staff, the support desk, operators, subjects) get 404 from the
tenancy guard before anything is read; members without the permission get 403.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Response, Stream
from sqlalchemy import select

from alusta.auth.guards import requires
from alusta.auth.permissions import Permission
from alusta.db.base import as_utc
from alusta.i18n import Lang
from alusta.tenants.dsr.answers import exports
from alusta.tenants.dsr.core.models import DsrAnswer, DsrInbox, DsrRequest
from alusta.tenants.dsr.core.service import ActionRefusedError, RequestNotFoundError, attachment_listing
from alusta.tenants.dsr.core.states import RequestState, TransitionRefusedError
from alusta.tenants.dsr.http import answer_out, export_job
from alusta.tenants.dsr.intake.portal import answer_text, events_of, messages_of
from alusta.tenants.dsr.runtime import runtime_of
from alusta.tenants.dsr.schemas import (
    AnswerOut,
    AttachmentOut,
    EffectIn,
    EventOut,
    ExportIn,
    ExtendIn,
    InboxOut,
    LangIn,
    LiftIn,
    MessageOut,
    NoDataIn,
    RejectIn,
    ReviewIn,
    StaffRequestOut,
    TextIn,
    VerifyIn,
)
from alusta.tenants.dsr.workflow import actions, effects, restrictions
from alusta.tenants.dsr.workflow.deadlines import ExtensionRefusedError
from alusta.tenants.tenancy.context import TenantContext
from alusta.web.problems import Problem

BODY_LIMIT = 64 * 1024
READ = [requires(Permission.TENANT_REQUESTS_READ)]
ACT = [requires(Permission.TENANT_REQUESTS_ACT)]
AnyRequest = Request[Any, Any, Any]


def staff_out(request: DsrRequest) -> StaffRequestOut:
    return StaffRequestOut(
        id=request.id,
        reference=request.reference,
        request_type=request.request_type,
        channel=request.channel,
        state=request.state,
        register_id=request.register_id,
        received_at=as_utc(request.received_at),
        first_due_at=as_utc(request.first_due_at),
        due_at=as_utc(request.due_at),
        extended_months=request.extended_months,
        identity_verified=request.identity_verified,
        loa=request.loa,
        free_of_charge=request.free_of_charge,
        outcome=request.outcome,
    )


async def _request(ctx: TenantContext, request_id: int) -> DsrRequest:
    try:
        return await actions.get_request(ctx, request_id)
    except RequestNotFoundError:
        raise Problem(404, "not_found", "no such request") from None


async def _run(ctx: TenantContext, request_id: int, action: Callable[[DsrRequest], Awaitable[Any]]) -> StaffRequestOut:
    request = await _request(ctx, request_id)
    try:
        await action(request)
    except TransitionRefusedError as exc:
        raise Problem(409, "transition_refused", str(exc)) from None
    except (ExtensionRefusedError, ActionRefusedError) as exc:
        raise Problem(422, getattr(exc, "code", "extension_refused"), str(exc)) from None
    return staff_out(request)


async def _lang(ctx: TenantContext, request_id: int, lang: str | None) -> Lang:
    """The letter's language: as asked, else the subject's at filing (issue 11), else the tenant's."""
    return await actions.letter_lang(ctx, await _request(ctx, request_id), lang)


class StaffRequestController(Controller):
    path = "/api/v1/tenants/{tenant_id:int}/requests"
    tags = ("data-subject requests: controller",)

    @get("/", guards=READ, summary="Requests (optionally by state), earliest deadline first.")
    async def list_requests(
        self,
        ctx: NamedDependency[TenantContext],
        status: FromQuery[RequestState | None] = None,  # an unknown state is refused (400), not an empty list
    ) -> list[StaffRequestOut]:
        return [staff_out(r) for r in await actions.list_requests(ctx, state=status)]

    @get("/overdue", guards=READ, summary="Open requests past their deadline.")
    async def overdue(self, ctx: NamedDependency[TenantContext]) -> list[StaffRequestOut]:
        return [staff_out(r) for r in await actions.list_requests(ctx, overdue_only=True)]

    @get("/inbox", guards=READ, summary="In-app notifications (reference and event only).")
    async def inbox(self, ctx: NamedDependency[TenantContext]) -> list[InboxOut]:
        rows = (await ctx.session.execute(select(DsrInbox).order_by(DsrInbox.created_at.desc()).limit(200))).scalars()
        return [
            InboxOut(r.reference, r.event, as_utc(r.due_at) if r.due_at else None, as_utc(r.created_at)) for r in rows
        ]

    @get("/{request_id:int}", guards=READ, summary="One request with its sealed details, messages and answers.")
    async def read(self, ctx: NamedDependency[TenantContext], request_id: FromPath[int]) -> StaffRequestOut:
        request = await _request(ctx, request_id)
        view = await actions.staff_view(ctx, request)
        out = staff_out(request)
        out.details = view.details
        out.messages = [
            MessageOut(at, author, text) for at, author, text in await messages_of(ctx.keys, ctx.session, request)
        ]
        answers = (
            await ctx.session.execute(
                select(DsrAnswer).where(DsrAnswer.request_id == request.id).order_by(DsrAnswer.created_at)
            )
        ).scalars()
        out.answers = [answer_out(a, await answer_text(ctx.keys, a)) for a in answers]
        out.events = [
            EventOut(as_utc(e.at), e.actor_kind, e.from_state, e.to_state)
            for e in await events_of(ctx.session, request.id)
        ]
        listing = await attachment_listing(ctx.keys, ctx.session, request.id)
        out.attachments = [AttachmentOut(a.id, name, a.content_type, a.size) for a, name in listing]
        return out

    @get("/{request_id:int}/attachments/{attachment_id:int}", guards=READ, summary="Download an attachment.")
    async def attachment(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], attachment_id: FromPath[int]
    ) -> Response[bytes]:
        request = await _request(ctx, request_id)
        try:
            row, data = await actions.read_attachment(ctx, request, attachment_id)
        except LookupError:
            raise Problem(404, "not_found", "no such attachment") from None
        return Response(
            data,
            media_type=row.content_type,
            headers={"content-disposition": f'attachment; filename="attachment-{row.id}"', "cache-control": "no-store"},
        )

    @post("/{request_id:int}/acknowledge", guards=ACT, status_code=200, summary="Acknowledge receipt.")
    async def acknowledge(self, ctx: NamedDependency[TenantContext], request_id: FromPath[int]) -> StaffRequestOut:
        return await _run(ctx, request_id, lambda r: actions.acknowledge(ctx, r))

    @post(
        "/{request_id:int}/request-info",
        guards=ACT,
        status_code=200,
        request_max_body_size=BODY_LIMIT,
        summary="Ask for information or identity proof.",
    )
    async def request_info(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: JSONBody[TextIn]
    ) -> StaffRequestOut:
        return await _run(ctx, request_id, lambda r: actions.request_information(ctx, r, data.text))

    @post(
        "/{request_id:int}/messages",
        guards=ACT,
        status_code=200,
        request_max_body_size=BODY_LIMIT,
        summary="Message the requester.",
    )
    async def message(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: JSONBody[TextIn]
    ) -> StaffRequestOut:
        return await _run(ctx, request_id, lambda r: actions.message_requester(ctx, r, data.text))

    @post(
        "/{request_id:int}/verify-identity",
        guards=ACT,
        status_code=200,
        summary="Record the verified identity of a desk request.",
    )
    async def verify(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        request_id: FromPath[int],
        data: JSONBody[VerifyIn],
    ) -> StaffRequestOut:
        vault = request.app.state["auth"].vault
        given = data.identifiers.given() if data.identifiers else {}
        return await _run(ctx, request_id, lambda r: actions.verify_identity(ctx, r, data.hetu, vault, given))

    @post(
        "/{request_id:int}/extend",
        guards=ACT,
        status_code=200,
        request_max_body_size=BODY_LIMIT,
        summary="Extend by 1-2 months with reasons.",
    )
    async def extend(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: JSONBody[ExtendIn]
    ) -> StaffRequestOut:
        lang = await _lang(ctx, request_id, data.lang)
        return await _run(ctx, request_id, lambda r: actions.extend(ctx, r, data.months, data.reason, lang))

    @post(
        "/{request_id:int}/no-data",
        guards=ACT,
        status_code=200,
        request_max_body_size=BODY_LIMIT,
        summary='Answer "no data".',
    )
    async def no_data(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: JSONBody[NoDataIn]
    ) -> StaffRequestOut:
        lang = await _lang(ctx, request_id, data.lang)
        return await _run(ctx, request_id, lambda r: actions.answer_no_data(ctx, r, lang, data.note))

    @post(
        "/{request_id:int}/reject",
        guards=ACT,
        status_code=200,
        request_max_body_size=BODY_LIMIT,
        summary="Refuse with a reason code and reasons.",
    )
    async def reject(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: JSONBody[RejectIn]
    ) -> StaffRequestOut:
        lang = await _lang(ctx, request_id, data.lang)
        return await _run(ctx, request_id, lambda r: actions.reject(ctx, r, data.outcome, data.reasons, lang))

    @post(
        "/{request_id:int}/effects",
        guards=ACT,
        status_code=200,
        request_max_body_size=BODY_LIMIT,
        summary="Apply rectification/erasure/restriction/objection and report.",
    )
    async def apply_effect(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: JSONBody[EffectIn]
    ) -> StaffRequestOut:
        lang = await _lang(ctx, request_id, data.lang)
        return await _run(ctx, request_id, lambda r: effects.apply(ctx, r, data, lang))

    @post(
        "/{request_id:int}/restriction/announce-lift",
        guards=ACT,
        status_code=200,
        request_max_body_size=BODY_LIMIT,
        summary="Tell the subject, with reasons, that their restriction will be lifted (Art. 18(3)).",
    )
    async def announce_lift(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: JSONBody[LiftIn]
    ) -> StaffRequestOut:
        lang = await _lang(ctx, request_id, data.lang)
        return await _run(ctx, request_id, lambda r: restrictions.announce_lift(ctx, r, data.reason, lang))

    @post(
        "/{request_id:int}/restriction/lift",
        guards=ACT,
        status_code=200,
        summary="Lift the restriction, only after the subject was told (Art. 18(3)).",
    )
    async def lift(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: JSONBody[LangIn]
    ) -> StaffRequestOut:
        lang = await _lang(ctx, request_id, data.lang)
        return await _run(ctx, request_id, lambda r: restrictions.lift(ctx, r, lang))

    @post(
        "/{request_id:int}/exports",
        guards=ACT,
        status_code=202,
        summary="Instruct the platform to compile the access/portability bundle.",
    )
    async def export(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        request_id: FromPath[int],
        data: JSONBody[ExportIn],
    ) -> Response[AnswerOut]:
        lang = await _lang(ctx, request_id, data.lang)
        holder: list[DsrAnswer] = []

        async def instruct(r: DsrRequest) -> None:
            holder.append(
                await exports.instruct_export(
                    ctx, r, exports.ExportOrder(data.registers, data.include_access_log, lang, data.records)
                )
            )

        await _run(ctx, request_id, instruct)  # the unit of work commits before the job starts (ADR 0050)
        return Response(answer_out(holder[0], None), status_code=202, background=export_job(request, holder[0].id))

    @post(
        "/{request_id:int}/answers/{answer_id:int}/review",
        guards=ACT,
        status_code=202,
        summary="Redact fields; the bundle is recompiled.",
    )
    async def review(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        request_id: FromPath[int],
        answer_id: FromPath[int],
        data: JSONBody[ReviewIn],
    ) -> Response[AnswerOut]:
        answer = await self._answer(ctx, request_id, answer_id)
        try:
            await exports.redact(ctx, answer, [(r.record_id, r.field) for r in data.redactions])
        except ActionRefusedError as exc:
            raise Problem(422, exc.code, str(exc)) from None
        return Response(answer_out(answer, None), status_code=202, background=export_job(request, answer.id))

    @post(
        "/{request_id:int}/answers/{answer_id:int}/release",
        guards=ACT,
        status_code=200,
        summary="Release the reviewed bundle to the subject.",
    )
    async def release(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], answer_id: FromPath[int]
    ) -> StaffRequestOut:
        answer = await self._answer(ctx, request_id, answer_id)
        return await _run(ctx, request_id, lambda r: exports.release(ctx, r, answer))

    @get(
        "/{request_id:int}/answers/{answer_id:int}/download", guards=READ, summary="Preview a compiled bundle (review)."
    )
    async def preview(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        request_id: FromPath[int],
        answer_id: FromPath[int],
    ) -> Stream:
        answer = await self._answer(ctx, request_id, answer_id)
        try:
            download = await exports.preview_bundle(ctx, runtime_of(request.app.state).bundle_dir, answer)
        except FileNotFoundError:
            raise Problem(410, "link_expired", "the bundle has been purged") from None
        except LookupError:
            raise Problem(404, "not_found", "no compiled bundle") from None
        return Stream(download.chunks, media_type="application/zip", headers={"cache-control": "no-store"})

    async def _answer(self, ctx: TenantContext, request_id: int, answer_id: int) -> DsrAnswer:
        request = await _request(ctx, request_id)
        try:
            return await exports.get_answer(ctx, request, answer_id)
        except LookupError:
            raise Problem(404, "not_found", "no such answer") from None
