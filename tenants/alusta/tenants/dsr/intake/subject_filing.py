"""A data subject's filing from the portal, as the API and the pages both make it (one service).

The body is the API's :class:`FileIn` (the pages convert their form to it, so both meet the same
limits); the requester, the level of assurance and the henkilötunnus come from the strong
login, never from input. One filing per controller, filed all or nothing.
"""

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import loa_name, signed_in
from alusta.auth.identity import IdentityVault
from alusta.crypto.keys import KeyProvider
from alusta.i18n import Lang
from alusta.tenants.dsr.core.outcomes import RequestType
from alusta.tenants.dsr.core.service import ActorRef
from alusta.tenants.dsr.core.states import Actor
from alusta.tenants.dsr.intake.filing import Filed, Filing, IntakeRefusedError, file_requests, requester_hetu
from alusta.tenants.dsr.schemas import FileIn
from alusta.web.language import lang_of


@dataclass(frozen=True)
class SubjectLogin:
    """Who files, from the session: the identity, its level of assurance, the environment's rule."""

    identity_id: int
    loa: str  # loa2 | loa3
    synthetic_only: bool  # outside production only synthetic henkilötunnus (ground rule 7)
    lang: Lang = Lang.FI  # the language the person files in: their letters use it (issue 11)


async def file_as_subject(
    session: AsyncSession, provider: KeyProvider, vault: IdentityVault, data: FileIn, login: SubjectLogin
) -> list[Filed]:
    identity_id = login.identity_id
    if data.register_id is not None and len(set(data.tenant_ids)) != 1:
        raise IntakeRefusedError("register_needs_one_controller", "a register can be named only with one controller")
    hetu = await requester_hetu(session, vault, identity_id)
    details: dict[str, Any] = {
        "text": data.text,
        "period": [str(d) if d else None for d in (data.period_from, data.period_to)],
        "delivery_format": data.delivery_format,
        "correction": data.correction,
        "include_access_log": data.include_access_log or data.request_type is RequestType.ACCESS_LOG,
        "lang": login.lang.value,
    }
    filings = [
        Filing(
            tenant_id=tenant_id,
            request_type=data.request_type,
            channel="portal",
            actor=ActorRef(Actor.REQUESTER, identity_id, "data_subject"),
            details=details,
            register_id=data.register_id,
            requester_identity_id=identity_id,
            loa=login.loa,
            hetu=hetu,
            synthetic_only=login.synthetic_only,
            identifiers=data.identifiers.given() if data.identifiers else {},
        )
        for tenant_id in dict.fromkeys(data.tenant_ids)
    ]
    return await file_requests(session, provider, filings)


def subject_login(request: ASGIConnection[Any, Any, Any, Any]) -> SubjectLogin:
    """The filer as the session knows them (after the route's strong-login guard)."""
    caller = signed_in(request)
    settings = request.app.state["settings"]
    return SubjectLogin(caller.identity_id, loa_name(caller), not settings.is_production, lang_of(request))
