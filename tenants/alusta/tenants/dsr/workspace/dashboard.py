"""What the workspace's front page shows a member: their tenant's open requests by deadline.

- Visibility is the staff API's (``actions.list_requests``): a member limited to some registers
  sees only those registers' requests.
- Overdue requests are a list of their own (the issue: not by colour alone), as are desk
  requests waiting for the controller to verify the requester's identity and those due within
  seven days.
- Search finds a request by its reference or by the requester's henkilötunnus through the blind
  index (``subject_index``), never by decrypting every request.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from alusta.auth.identifiers import InvalidIdentifierError, parse_hetu
from alusta.db.base import as_utc
from alusta.tenants.dsr.core.models import DsrRequest
from alusta.tenants.dsr.core.service import subject_digest
from alusta.tenants.dsr.core.states import CLOSED, RequestState
from alusta.tenants.dsr.intake.reference import normalise_reference
from alusta.tenants.dsr.workflow.actions import list_requests, visible
from alusta.tenants.tenancy.context import TenantContext

DUE_SOON = timedelta(days=7)
RECENTLY_CLOSED = 20  # closed requests shown below the open ones


@dataclass(frozen=True)
class Dashboard:
    overdue: list[DsrRequest]
    awaiting_verification: list[DsrRequest]
    due_soon: list[DsrRequest]
    open: list[DsrRequest]  # every open request, earliest deadline first
    closed: list[DsrRequest]  # the latest closed ones
    counts: list[tuple[RequestState, int]]  # every state with at least one request


def _is_overdue(request: DsrRequest, now: datetime) -> bool:
    return as_utc(request.due_at) <= now


async def dashboard(ctx: TenantContext, now: datetime) -> Dashboard:
    requests = await list_requests(ctx)
    open_ones = [r for r in requests if RequestState(r.state) not in CLOSED]
    closed = sorted(
        (r for r in requests if RequestState(r.state) in CLOSED), key=lambda r: as_utc(r.updated_at), reverse=True
    )
    tally = Counter(RequestState(r.state) for r in requests)
    return Dashboard(
        overdue=[r for r in open_ones if _is_overdue(r, now)],
        awaiting_verification=[r for r in open_ones if not r.identity_verified],
        due_soon=[r for r in open_ones if not _is_overdue(r, now) and as_utc(r.due_at) <= now + DUE_SOON],
        open=open_ones,
        closed=closed[:RECENTLY_CLOSED],
        counts=[(state, tally[state]) for state in RequestState if tally[state]],
    )


class SearchInputError(ValueError):
    """The search text is neither a reference nor a henkilötunnus."""


async def find_requests(ctx: TenantContext, text: str) -> list[DsrRequest]:
    """Requests by reference (typo-checked) or by the requester's henkilötunnus (blind index)."""
    reference = normalise_reference(text)
    if reference is not None:
        statement = select(DsrRequest).where(DsrRequest.reference == reference)
    else:
        try:
            hetu = parse_hetu(text.strip().upper(), allow_synthetic=ctx.allow_synthetic).value
        except InvalidIdentifierError:
            raise SearchInputError(text) from None
        # Every key generation's digest: requests verified before a key rotation are found too.
        digests = [subject_digest(material, hetu) for material in await ctx.keys.all()]
        statement = select(DsrRequest).where(DsrRequest.subject_index.in_(digests))
    found = (await ctx.session.execute(statement.order_by(DsrRequest.due_at, DsrRequest.id))).scalars()
    return [r for r in found if visible(ctx, r)]
