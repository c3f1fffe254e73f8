"""Support-desk routes (``/api/v1/desk``): register requests, see routing receipts only.

The desk's answers never depend on whether the subject has data in the tenant (nothing here
looks): it gets the routing receipt it created, and every controller's contact points.
"""

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Response
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import holds, signed_in
from alusta.auth.permissions import Permission
from alusta.db.base import as_utc
from alusta.tenants.dsr.core.models import DsrReceipt
from alusta.tenants.dsr.http import (
    BODY_LIMIT,
    AnyRequest,
    desk_receipt,
    key_provider,
    refusal_problem,
    tell_controllers,
)
from alusta.tenants.dsr.intake import filing as intake
from alusta.tenants.dsr.intake import portal
from alusta.tenants.dsr.intake.desk_filing import file_for_desk
from alusta.tenants.dsr.schemas import ContactPointOut, DeskIn, DeskReceiptOut
from alusta.tenants.registers.directory import directory


class DeskController(Controller):
    """Processor support desk: registers requests, sees routing receipts only."""

    path = "/api/v1/desk"
    tags = ("data-subject requests: support desk",)

    @get(
        "/contact-points",
        guards=[holds(Permission.PLATFORM_DIRECTORY_READ)],
        summary="Every controller's contact points.",
    )
    async def contact_points(self, db_session: NamedDependency[AsyncSession]) -> list[ContactPointOut]:
        entries = await directory(db_session, with_registers=False)
        return [
            ContactPointOut(e.tenant_id, e.name, e.business_id, e.contact_point, e.dpo_contact, []) for e in entries
        ]

    @post(
        "/requests",
        guards=[holds(Permission.PLATFORM_REQUESTS_REGISTER)],
        request_max_body_size=BODY_LIMIT,
        status_code=HTTP_201_CREATED,
        summary="Register a request received by phone, letter or e-mail; it is forwarded at once.",
    )
    async def register(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession], data: JSONBody[DeskIn]
    ) -> Response[DeskReceiptOut]:
        caller = signed_in(request)
        synthetic_only = not request.app.state["settings"].is_production
        try:
            done = await file_for_desk(
                db_session, key_provider(request), caller.identity_id, data, synthetic_only=synthetic_only
            )
        except intake.IntakeRefusedError as exc:
            raise refusal_problem(exc) from None
        receipts, names = await portal.desk_receipts(db_session, caller.identity_id, done.reference)
        return Response(
            desk_out(receipts[0], names),
            status_code=HTTP_201_CREATED,
            background=tell_controllers(request, [data.tenant_id]),
        )

    @get("/requests", guards=[holds(Permission.PLATFORM_REQUESTS_REGISTER)], summary="Requests I registered.")
    async def registered(self, request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> list[DeskReceiptOut]:
        receipts, names = await portal.desk_receipts(db_session, signed_in(request).identity_id)
        return [desk_out(r, names) for r in receipts]

    @get("/requests/{reference:str}", guards=[holds(Permission.PLATFORM_REQUESTS_REGISTER)], summary="Routing status.")
    async def status(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession], reference: FromPath[str]
    ) -> DeskReceiptOut:
        receipt, names = await desk_receipt(request, db_session, reference)
        return desk_out(receipt, names)


def desk_out(receipt: DsrReceipt, names: dict[int, str]) -> DeskReceiptOut:
    return DeskReceiptOut(
        reference=receipt.reference,
        tenant_id=receipt.controller_tenant_id,
        controller=names.get(receipt.controller_tenant_id, ""),
        request_type=receipt.request_type,
        channel=receipt.channel,
        status=portal.desk_status(receipt.state),
        received_at=as_utc(receipt.received_at),
    )
