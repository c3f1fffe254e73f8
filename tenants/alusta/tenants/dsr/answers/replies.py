"""Letters and reports to the subject, stored as released answers they read in the portal.

Sealed to the tenant's key with AAD ``(tenant_id, "dsr_answers", id, "body")``. A compiled
bundle stays downloadable for ``LINK_TTL`` after release (notes/privacy.md §6.4).
"""

from datetime import UTC, datetime, timedelta

from alusta.tenants.dsr.core.models import DsrAnswer, DsrRequest
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.keys import Slot, seal
from alusta.tenants.tenancy.service import new_id

LINK_TTL = timedelta(days=7)  # a released answer can be downloaded for a week (notes/privacy.md §6.4)


async def add_letter(ctx: TenantContext, request: DsrRequest, text: str, kind: str = "letter") -> DsrAnswer:
    """A letter to the subject, released at once (they read it in the portal)."""
    keys = await ctx.keys.primary()
    now = datetime.now(UTC)
    answer_id = new_id()
    answer = DsrAnswer(
        tenant_id=ctx.tenant_id,
        id=answer_id,
        request_id=request.id,
        kind=kind,
        status="released",
        key_id=keys.key_id,
        body=seal(keys, Slot(ctx.tenant_id, "dsr_answers", answer_id, "body"), text),
        instructions={},
        created_by=ctx.caller.identity_id,
        created_at=now,
        released_at=now,
        expires_at=None,
    )
    ctx.session.add(answer)
    await ctx.session.flush()
    return answer
