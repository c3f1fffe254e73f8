"""Bodies of the request API. Unknown fields and unknown request types are refused (400)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec

from alusta.tenants.dsr.core.outcomes import Outcome, RequestType

FREE_TEXT_MAX = 4000
FreeText = Annotated[str, msgspec.Meta(min_length=1, max_length=FREE_TEXT_MAX)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
LangCode = Literal["fi", "sv", "en"]
DeskChannel = Literal["phone", "letter", "email"]
DeliveryFormat = Literal["electronic", "paper"]


class IdentifiersIn(msgspec.Struct, forbid_unknown_fields=True):
    """Other identifiers the subject is known by in the controller's registers (issue 14 point 1).

    Given by the strongly identified subject at filing, or confirmed by the controller when it
    verifies a desk request; the controller's searches and exports match them by blind index.
    """

    email: Annotated[str, msgspec.Meta(min_length=3, max_length=320)] | None = None
    phone: Annotated[str, msgspec.Meta(min_length=5, max_length=32)] | None = None
    customer_number: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | None = None

    def given(self) -> dict[str, str]:
        return {k: v for k, v in msgspec.structs.asdict(self).items() if v is not None}


class FileIn(msgspec.Struct, forbid_unknown_fields=True):
    """Subject portal: one request to one or several controllers."""

    tenant_ids: Annotated[list[int], msgspec.Meta(min_length=1, max_length=20)]
    request_type: RequestType
    register_id: int | None = None  # only with one controller
    text: FreeText | None = None
    period_from: date | None = None  # access: the period the subject asks about
    period_to: date | None = None
    delivery_format: DeliveryFormat | None = None
    correction: FreeText | None = None  # rectification: what is wrong and what is right
    include_access_log: bool = False
    identifiers: IdentifiersIn | None = None  # e-mail, phone, customer number the subject is known by


class DeskIn(msgspec.Struct, forbid_unknown_fields=True):
    """Support desk: a request that came by phone, letter or e-mail."""

    tenant_id: int
    channel: DeskChannel
    request_type: RequestType
    contact: Annotated[str, msgspec.Meta(min_length=1, max_length=320)]  # how to reach the requester
    text: FreeText | None = None
    # When the letter or call arrived (default: now). Issue 14 point 4: a time without an offset
    # is read as Finnish time (Europe/Helsinki), as the schema says.
    received_at: (
        Annotated[
            datetime,
            msgspec.Meta(
                description="When the letter or call arrived (ISO 8601). A time without a UTC offset "
                "is read as Europe/Helsinki local time; default: now."
            ),
        ]
        | None
    ) = None


class FiledOut(msgspec.Struct):
    reference: str
    tenant_id: int
    state: str
    received_at: datetime
    due_at: datetime


class ReceiptOut(msgspec.Struct):
    reference: str
    tenant_id: int
    controller: str
    request_type: str
    channel: str
    state: str
    received_at: datetime
    due_at: datetime


class DeskReceiptOut(msgspec.Struct):
    """Routing metadata only; ``status`` is forwarded | acknowledged | closed."""

    reference: str
    tenant_id: int
    controller: str
    request_type: str
    channel: str
    status: str
    received_at: datetime


class ContactPointOut(msgspec.Struct):
    tenant_id: int
    name: str
    business_id: str
    contact_point: str
    dpo_contact: str
    registers: list[dict[str, Any]]


class MessageOut(msgspec.Struct):
    at: datetime
    author: str
    text: str


class AnswerOut(msgspec.Struct):
    id: int
    kind: str
    status: str
    text: str | None
    released_at: datetime | None
    expires_at: datetime | None
    summary: dict[str, Any] | None = None


class EventOut(msgspec.Struct):
    at: datetime
    actor: str
    from_state: str | None
    to_state: str


class SubjectRequestOut(msgspec.Struct):
    reference: str
    tenant_id: int
    controller: str
    request_type: str
    channel: str
    state: str
    outcome: str | None
    received_at: datetime
    due_at: datetime
    extended_months: int
    identity_verified: bool
    free_of_charge: bool
    details: dict[str, Any]
    messages: list[MessageOut]
    answers: list[AnswerOut]
    events: list[EventOut]


class AttachmentOut(msgspec.Struct):
    id: int
    name: str
    content_type: str
    size: int


class StaffRequestOut(msgspec.Struct):
    id: int
    reference: str
    request_type: str
    channel: str
    state: str
    register_id: int | None
    received_at: datetime
    first_due_at: datetime
    due_at: datetime
    extended_months: int
    identity_verified: bool
    loa: str | None
    free_of_charge: bool
    outcome: str | None
    details: dict[str, Any] | None = None
    messages: list[MessageOut] | None = None
    answers: list[AnswerOut] | None = None
    events: list[EventOut] | None = None
    attachments: list[AttachmentOut] | None = None


class TextIn(msgspec.Struct, forbid_unknown_fields=True):
    text: FreeText


class VerifyIn(msgspec.Struct, forbid_unknown_fields=True):
    hetu: Annotated[str, msgspec.Meta(min_length=10, max_length=12)]
    identifiers: IdentifiersIn | None = None  # confirmed by the controller together with the hetu


class ExtendIn(msgspec.Struct, forbid_unknown_fields=True):
    months: Annotated[int, msgspec.Meta(ge=1, le=2)]
    reason: Reason
    lang: LangCode | None = None


class NoDataIn(msgspec.Struct, forbid_unknown_fields=True):
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""
    lang: LangCode | None = None


class RejectIn(msgspec.Struct, forbid_unknown_fields=True):
    outcome: Outcome
    reasons: Reason
    lang: LangCode | None = None


class ExportIn(msgspec.Struct, forbid_unknown_fields=True):
    registers: Annotated[list[int], msgspec.Meta(max_length=100)] | None = None
    # Records staff found by searching (e.g. by an identifier the subject did not give), added to
    # the bundle; each must be this tenant's and in a chosen register.
    records: Annotated[list[int], msgspec.Meta(max_length=1000)] = []
    include_access_log: bool = False
    lang: LangCode | None = None


class Redaction(msgspec.Struct, forbid_unknown_fields=True):
    record_id: int
    field: Annotated[str, msgspec.Meta(max_length=64)]


class ReviewIn(msgspec.Struct, forbid_unknown_fields=True):
    redactions: Annotated[list[Redaction], msgspec.Meta(max_length=10000)]


# Art. 17(3)(a)-(e): freedom of expression; legal obligation or public task; public health;
# archiving, research or statistics; legal claims.
ErasureGround = Literal["a", "b", "c", "d", "e"]


class RetainIn(msgspec.Struct, forbid_unknown_fields=True):
    """A register kept despite erasure: its Art. 17(3) ground and an explanation for the subject."""

    register_id: int
    ground: ErasureGround
    reason: Reason  # the explanation (e.g. which law requires keeping what, for how long)


class EffectIn(msgspec.Struct, forbid_unknown_fields=True):
    """Apply a rectification / erasure / restriction / objection to the subject's records."""

    retain: Annotated[list[RetainIn], msgspec.Meta(max_length=100)] = []
    values: dict[str, Any] | None = None  # rectification: field -> corrected value
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""
    lang: LangCode | None = None


class LiftIn(msgspec.Struct, forbid_unknown_fields=True):
    """Art. 18(3): the reasons told to the subject before a restriction is lifted."""

    reason: Reason
    lang: LangCode | None = None


class LangIn(msgspec.Struct, forbid_unknown_fields=True):
    lang: LangCode | None = None


class InboxOut(msgspec.Struct):
    reference: str
    event: str
    due_at: datetime | None
    created_at: datetime
