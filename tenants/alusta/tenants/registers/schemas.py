"""A register's privacy notice (design §6 sections, fi/sv/en) and its field definitions."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

import msgspec

ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
LongText = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
FieldName = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,62}$")]


class Classification(StrEnum):
    IDENTIFIER = "identifier"
    CONTACT = "contact"
    ORDINARY = "ordinary"
    SPECIAL_CATEGORY = "special_category"  # GDPR Art. 9
    NON_DISCLOSURE = "non_disclosure"  # turvakielto, secret phone number


class FieldType(StrEnum):
    TEXT = "text"
    EMAIL = "email"
    PHONE = "phone"
    HETU = "hetu"
    DATE = "date"
    NUMBER = "number"
    BOOLEAN = "boolean"
    CUSTOMER_NUMBER = "customer_number"


class SubjectKey(StrEnum):
    """Which identifiers link a record to its data subject (through keyed blind indexes)."""

    HETU = "hetu"
    EMAIL = "email"
    PHONE = "phone"
    CUSTOMER_NUMBER = "customer_number"


class Localized(msgspec.Struct, forbid_unknown_fields=True):
    fi: LongText
    sv: LongText
    en: LongText


class LocalizedName(msgspec.Struct, forbid_unknown_fields=True):
    fi: ShortText
    sv: ShortText
    en: ShortText


class Recipient(msgspec.Struct, forbid_unknown_fields=True):
    name: ShortText  # recipients by name (design §6)
    purpose: Localized


# Art. 6(1)(a)-(f), in that order; shown in words (``registers.messages.legal_basis_text``).
LegalBasis = Literal[
    "consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"
]
# Art. 9(2)(a)-(j): the condition for processing special categories of personal data.
SpecialCategoryBasis = Literal["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]


class Notice(msgspec.Struct, forbid_unknown_fields=True):
    """Sections of a Finnish register description / privacy notice (design §6)."""

    register_name: LocalizedName
    contact_person: ShortText
    purpose: Localized
    legal_basis: LegalBasis
    data_content: Localized
    sources: Localized
    recipients: Annotated[list[Recipient], msgspec.Meta(max_length=50)]
    transfers: Localized  # no transfers outside the EU/EEA is the processor's rule; say so here
    retention: Localized
    security: Localized
    access: Localized
    rectification: Localized
    other_rights: Localized
    complaint_authority: Localized
    # Art. 9(2) condition, when the register holds special categories of data (issue 14 point 8).
    special_category_basis: SpecialCategoryBasis | None = None
    # Art. 15(1)(h), 13(2)(f): automated decision-making and profiling, the logic and its
    # consequences; None means the notice declares none (issue 14 point 7).
    automated_decisions: Localized | None = None


class FieldDef(msgspec.Struct, forbid_unknown_fields=True):
    name: FieldName
    type: FieldType
    classification: Classification
    identifies: SubjectKey | None = None
    required: bool = False


class RegisterIn(msgspec.Struct, forbid_unknown_fields=True):
    notice: Notice
    fields: Annotated[list[FieldDef], msgspec.Meta(min_length=1, max_length=100)]


class Controller(msgspec.Struct):
    name: str
    business_id: str
    contact_point: str
    dpo_contact: str


class RegisterOut(msgspec.Struct):
    id: int
    tenant_id: int
    version: int
    current_version: int
    notice: Notice
    fields: list[FieldDef]
    created_at: datetime


class PublicNotice(msgspec.Struct):
    """What anyone may read at the register's stable public URL."""

    tenant_id: int
    register_id: int
    version: int
    current_version: int
    controller: Controller
    notice: Notice
    published_at: datetime
