"""A request the support desk registers (phone, letter, e-mail), as the API and the desk's pages file it.

One service for both (pages and API call the same code): the desk is the actor, what it typed
(the requester's contact and the free text) goes into the details sealed to the controller,
and the request is forwarded at once. The desk sees its routing receipt only, never the text.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from alusta.crypto.keys import KeyProvider
from alusta.tenants.dsr.core.service import ActorRef
from alusta.tenants.dsr.core.states import Actor
from alusta.tenants.dsr.intake import filing as intake
from alusta.tenants.dsr.schemas import DeskIn


async def file_for_desk(
    session: AsyncSession, provider: KeyProvider, desk_identity_id: int, data: DeskIn, *, synthetic_only: bool
) -> intake.Filed:
    filing = intake.Filing(
        tenant_id=data.tenant_id,
        request_type=data.request_type,
        channel=data.channel,
        actor=ActorRef(Actor.SUPPORT_DESK, desk_identity_id, "support_desk"),
        details={"contact": data.contact, "text": data.text},
        received_at=data.received_at,
        synthetic_only=synthetic_only,
    )
    [done] = await intake.file_requests(session, provider, [filing])
    return done
