"""The workspace in words for the controller's staff (gettext msgids).

The subject's pages speak to the requester ("Waiting for information from you"); these speak to
the member handling the request. Translated where shown (``_()`` in templates).
"""

from alusta.i18n import N_
from alusta.tenants.dsr.answers.letters import ERASURE_GROUNDS
from alusta.tenants.dsr.core.outcomes import Outcome, RequestType
from alusta.tenants.dsr.core.states import RequestState
from alusta.tenants.dsr.core.words import DELIVERY_FORMATS

STAFF_RIGHT_NAMES: dict[RequestType, str] = {
    RequestType.ACCESS: N_("Access (Article 15)"),
    RequestType.RECTIFICATION: N_("Rectification (Article 16)"),
    RequestType.ERASURE: N_("Erasure (Article 17)"),
    RequestType.RESTRICTION: N_("Restriction (Article 18)"),
    RequestType.PORTABILITY: N_("Portability (Article 20)"),
    RequestType.OBJECTION: N_("Objection (Article 21(1))"),
    RequestType.MARKETING_PROHIBITION: N_("Direct marketing prohibition (Article 21(2))"),
    RequestType.ACCESS_LOG: N_("Access log request"),
}

STAFF_STATE_NAMES: dict[RequestState, str] = {
    RequestState.RECEIVED: N_("Received, not yet forwarded"),
    RequestState.FORWARDED: N_("New, not acknowledged"),
    RequestState.ACKNOWLEDGED: N_("Acknowledged"),
    RequestState.INFO_REQUESTED: N_("Waiting for the requester"),
    RequestState.EXTENDED: N_("Deadline extended"),
    RequestState.ANSWERED: N_("Answered"),
    RequestState.REJECTED: N_("Refused"),
    RequestState.WITHDRAWN: N_("Withdrawn by the requester"),
}

# The timeline says what happened (an event), not what the request is now (a state).
EVENT_NAMES: dict[RequestState, str] = {
    RequestState.RECEIVED: N_("Received"),
    RequestState.FORWARDED: N_("Forwarded to the controller"),
    RequestState.ACKNOWLEDGED: N_("Acknowledged"),
    RequestState.INFO_REQUESTED: N_("More information asked for"),
    RequestState.EXTENDED: N_("Deadline extended"),
    RequestState.ANSWERED: N_("Answered"),
    RequestState.REJECTED: N_("Refused"),
    RequestState.WITHDRAWN: N_("Withdrawn by the requester"),
}

CHANNEL_NAMES: dict[str, str] = {
    "portal": N_("Portal, strong identification"),
    "phone": N_("Support desk: phone"),
    "letter": N_("Support desk: letter"),
    "email": N_("Support desk: e-mail"),
}

IDENTIFIER_NAMES: dict[str, str] = {
    "hetu": N_("Personal identity code"),
    "email": N_("E-mail address"),
    "phone": N_("Phone number"),
    "customer_number": N_("Customer number"),
}

REFUSAL_CHOICES: dict[Outcome, str] = {
    Outcome.REFUSED_MANIFESTLY_UNFOUNDED: N_("Manifestly unfounded (Article 12(5))"),
    Outcome.REFUSED_EXCESSIVE: N_("Excessive, e.g. repetitive (Article 12(5))"),
    Outcome.REFUSED_IDENTITY_NOT_ESTABLISHED: N_("Identity not established (Article 12(2), 12(6))"),
    Outcome.REFUSED_ART_17_3_EXCEPTION: N_("Kept under an Article 17(3) exception"),
    Outcome.REFUSED_NATIONAL_LAW: N_("Restricted by national law (Article 23, 1050/2018)"),
}

BUNDLE_STATES: dict[str, str] = {
    "pending": N_("Being compiled"),
    "ready": N_("Ready for review"),
    "released": N_("Released to the subject"),
    "failed": N_("Compiling failed"),
    "expired": N_("Download expired"),
}

# Art. 17(3)(a)-(e), as the letter names them (the same msgids).
ERASURE_GROUND_CHOICES: dict[str, str] = dict(ERASURE_GROUNDS)

EFFECT_EXPLANATIONS: dict[str, str] = {
    RequestType.RECTIFICATION.value: N_(
        "Correct the fields the requester says are wrong in their records; "
        "the letter tells them how many records changed."
    ),
    RequestType.ERASURE.value: N_(
        "Delete the requester's records, except those you must keep under an Article 17(3) ground, "
        "which the letter explains."
    ),
    RequestType.RESTRICTION.value: N_(
        "Mark the requester's records as restricted: they are kept but not used or changed "
        "until the restriction is lifted."
    ),
    RequestType.OBJECTION.value: N_(
        "Mark the requester's records as objected to: processing based on legitimate interest stops."
    ),
    RequestType.MARKETING_PROHIBITION.value: N_("Mark the requester's records: no direct marketing to them."),
}

LANGUAGE_NAMES: dict[str, str] = {"fi": N_("Finnish"), "sv": N_("Swedish"), "en": N_("English")}

WORKSPACE_WORDS: dict[str, object] = {
    "right_names": STAFF_RIGHT_NAMES,
    "state_names": STAFF_STATE_NAMES,
    "channel_names": CHANNEL_NAMES,
    "event_names": EVENT_NAMES,
    "identifier_names": IDENTIFIER_NAMES,
    "refusal_choices": REFUSAL_CHOICES,
    "language_names": LANGUAGE_NAMES,
    "bundle_states": BUNDLE_STATES,
    "effect_explanations": EFFECT_EXPLANATIONS,
    "delivery_formats": DELIVERY_FORMATS,
}
