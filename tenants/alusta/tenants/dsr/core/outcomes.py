"""Request types, outcome reason codes and the once-a-year free-of-charge rule.

Outcome codes follow design §4; every refusal names its legal ground, and every refusal or
"no action" answer tells the subject of the right to complain to the Data Protection Ombudsman
and to seek a judicial remedy (Art. 12(4)).
"""

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

from alusta.calendar.periods import HELSINKI, add_months


class RequestType(StrEnum):
    ACCESS = "access"  # Art. 15
    RECTIFICATION = "rectification"  # Art. 16
    ERASURE = "erasure"  # Art. 17
    RESTRICTION = "restriction"  # Art. 18
    PORTABILITY = "portability"  # Art. 20
    OBJECTION = "objection"  # Art. 21(1)
    MARKETING_PROHIBITION = "marketing_prohibition"  # Art. 21(2)-(3), suoramarkkinointikielto
    ACCESS_LOG = "access_log"  # who consulted my data (C-579/21; Act 703/2023 s. 11 in care)


class Outcome(StrEnum):
    COMPLETED = "completed"
    PARTLY_ERASED = "partly_erased"  # Art. 17: some records kept under an Art. 17(3) exception
    NO_DATA = "no_data"
    REFUSED_MANIFESTLY_UNFOUNDED = "refused_manifestly_unfounded"  # Art. 12(5)(b)
    REFUSED_EXCESSIVE = "refused_excessive"  # Art. 12(5)(b), e.g. repetitive
    REFUSED_IDENTITY_NOT_ESTABLISHED = "refused_identity_not_established"  # Art. 12(2), 12(6)
    REFUSED_ART_17_3_EXCEPTION = "refused_art_17_3_exception"  # legal retention, claims, ...
    REFUSED_NATIONAL_LAW = "refused_national_law"  # Art. 23 restrictions, e.g. Data Protection Act 1050/2018 s. 34
    WITHDRAWN = "withdrawn"


REFUSALS = frozenset(o for o in Outcome if o.value.startswith("refused_"))
# A refusal for these reasons is only the controller's to make, with reasons (Art. 12(5)).
CHARGEABLE_OUTCOMES = frozenset({Outcome.REFUSED_EXCESSIVE, Outcome.REFUSED_MANIFESTLY_UNFOUNDED})


def is_free_of_charge(previous_access_requests: Iterable[datetime], received_at: datetime) -> bool:
    """The seed's rule: an access request is free once a year (12 months since the last one).

    Only a *controller* may then charge a reasonable fee or refuse, with reasons; the platform
    only points out that the request is a repeat (Art. 12(5), Data Protection Act 1050/2018).
    """
    received = received_at.astimezone(HELSINKI).date()
    year_ago: date = add_months(received, -12)
    return not any(year_ago < earlier.astimezone(HELSINKI).date() <= received for earlier in previous_access_requests)
