"""The HTTP helpers every request-domain route module shares, so that route modules are leaves.

Not-found and not-yours are the same 404 (the caller learns nothing about other people's
requests); intake refusals map to 404 (unknown target), 403 (assurance) or 422.
"""

from typing import Any

from litestar import Request
from litestar.background_tasks import BackgroundTask, BackgroundTasks
from litestar.di import NamedDependency
from litestar.params import FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import holds, signed_in
from alusta.auth.permissions import Permission
from alusta.crypto.keys import KeyProvider
from alusta.db.base import as_utc
from alusta.db.deps import release_on_refusal
from alusta.tenants.dsr.answers import exports
from alusta.tenants.dsr.core.models import DsrAnswer, DsrReceipt
from alusta.tenants.dsr.core.service import RequestNotFoundError
from alusta.tenants.dsr.intake import filing as intake
from alusta.tenants.dsr.intake import portal
from alusta.tenants.dsr.intake.attachments import (
    AttachmentRejectedError,
    CheckedAttachment,
    check_and_scan,
    check_attachment,
)
from alusta.tenants.dsr.intake.reference import normalise_reference
from alusta.tenants.dsr.notify.reminders import dispatch_tenant
from alusta.tenants.dsr.runtime import DsrRuntime, runtime_of
from alusta.tenants.dsr.schemas import FREE_TEXT_MAX, AnswerOut, ReceiptOut
from alusta.tenants.tenancy.keys import KEY_PROVIDER_STATE_KEY
from alusta.web.forms import FormState
from alusta.web.problems import Problem
from alusta.web.translations import gettext

BODY_LIMIT = 32 * 1024
AnyRequest = Request[Any, Any, Any]


# The subject reads their own requests after a strong login (API and pages alike).
READ_OWN = holds(Permission.SUBJECT_REQUESTS_READ_OWN, strong_login=True)


def key_provider(request: AnyRequest) -> KeyProvider:
    provider: KeyProvider = request.app.state[KEY_PROVIDER_STATE_KEY]
    return provider


async def provide_own_request(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], reference: FromPath[str]
) -> portal.SubjectSession:
    """The caller's own request, in the request-scoped session bound to its tenant (404 otherwise).

    The tenant comes from the caller's routing receipt, never from the URL or the body.
    """
    identity_id = signed_in(request).identity_id
    try:
        vault = request.app.state["auth"].vault
        return await portal.open_own(
            db_session, key_provider(request), identity_id, canonical_reference(reference), vault
        )
    except RequestNotFoundError:
        await release_on_refusal(db_session)
        raise not_found() from None
    except BaseException:
        await release_on_refusal(db_session)
        raise


def not_found() -> Problem:
    return Problem(404, "not_found", "no such request")


def canonical_reference(text: str) -> str:
    reference = normalise_reference(text)
    if reference is None:
        raise not_found()
    return reference


def request_closed() -> Problem:
    """The 409 for acting on an answered, rejected or withdrawn request (API and pages alike)."""
    return Problem(409, "request_closed", "the request is already closed")


def refusal_problem(exc: intake.IntakeRefusedError) -> Problem:
    if exc.code.startswith("unknown_"):
        return Problem(404, exc.code, str(exc))
    return Problem(403 if exc.code == "loa_insufficient" else 422, exc.code, str(exc))


def receipt_out(receipt: DsrReceipt, names: dict[int, str]) -> ReceiptOut:
    return ReceiptOut(
        reference=receipt.reference,
        tenant_id=receipt.controller_tenant_id,
        controller=names.get(receipt.controller_tenant_id, ""),
        request_type=receipt.request_type,
        channel=receipt.channel,
        state=receipt.state,
        received_at=as_utc(receipt.received_at),
        due_at=as_utc(receipt.due_at),
    )


def answer_out(answer: DsrAnswer, text: str | None) -> AnswerOut:
    return AnswerOut(
        id=answer.id,
        kind=answer.kind,
        status=answer.status,
        text=text,
        released_at=as_utc(answer.released_at) if answer.released_at else None,
        expires_at=as_utc(answer.expires_at) if answer.expires_at else None,
        summary=answer.summary,
    )


def tell_controllers(request: AnyRequest, tenant_ids: list[int]) -> BackgroundTasks | None:
    """The controller is told at once (design §4): the inbox row exists; e-mail goes after the response."""
    notifier = runtime_of(request.app.state).notifier
    if notifier is None:
        return None
    state = request.app.state
    url = state["settings"].public_url or ""
    return BackgroundTasks(
        [BackgroundTask(dispatch_tenant, state.sessionmaker, notifier, url, tid) for tid in tenant_ids]
    )


async def checked_attachment(runtime: DsrRuntime, name: str, declared: str, body: bytes) -> CheckedAttachment:
    """The upload checked (type, size, name) and scanned; refusals as the API's problems."""
    try:
        if runtime.scanner is not None:
            return await check_and_scan(name, declared, body, runtime.scanner)
        if runtime.require_scanner:  # fail closed in production: no scanner, no attachments
            raise Problem(503, "scanner_unavailable", "attachments cannot be scanned right now")
        return check_attachment(name, declared, body)
    except AttachmentRejectedError as exc:
        status = {"attachment_too_large": 413, "attachment_type": 415, "attachment_type_mismatch": 415}
        raise Problem(status.get(exc.code, 422), exc.code, str(exc)) from None


def export_job(request: AnyRequest, answer_id: int) -> BackgroundTask:
    """Compile (or recompile) a bundle after the response: the unit of work has committed (ADR 0050)."""
    state = request.app.state
    return BackgroundTask(
        exports.run_job, state.sessionmaker, state[KEY_PROVIDER_STATE_KEY], runtime_of(state).bundle_dir, answer_id
    )


def message_text(form: FormState) -> str:
    """A message's text from a page form (requester's reply or staff's message), with the API's limit.

    An empty or too long text is a field error on ``text`` (the form is shown again).
    """
    text = form.values.get("text", "").strip()
    if not text:
        form.error("text", gettext("Write your message."))
    elif len(text) > FREE_TEXT_MAX:
        form.error("text", gettext("The message is too long: at most 4,000 characters."))
    return text


async def desk_receipt(request: AnyRequest, session: AsyncSession, reference: str) -> tuple[DsrReceipt, dict[int, str]]:
    """One routing receipt the calling desk registered, with the controller names (404 otherwise)."""
    desk = signed_in(request).identity_id
    receipts, names = await portal.desk_receipts(session, desk, canonical_reference(reference))
    if not receipts:
        raise not_found()
    return receipts[0], names
