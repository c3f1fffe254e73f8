"""Requests in words for people: each right, each state and what happens next (gettext msgids).

The pages show these instead of the codes the API uses; they are translated where they are shown
(``_()`` in templates, :func:`alusta.i18n.localise` elsewhere). Each right is explained in one
sentence, as the portal issue asks, in the terms of the GDPR article it names.
"""

from alusta.i18n import N_
from alusta.tenants.dsr.core.outcomes import RequestType
from alusta.tenants.dsr.core.states import RequestState

RIGHT_NAMES: dict[RequestType, str] = {
    RequestType.ACCESS: N_("Access to my data"),
    RequestType.RECTIFICATION: N_("Rectification of my data"),
    RequestType.ERASURE: N_("Erasure of my data"),
    RequestType.RESTRICTION: N_("Restriction of processing"),
    RequestType.PORTABILITY: N_("Data portability"),
    RequestType.OBJECTION: N_("Objection to processing"),
    RequestType.MARKETING_PROHIBITION: N_("Direct marketing prohibition"),
    RequestType.ACCESS_LOG: N_("Who has viewed my data"),
}

RIGHT_EXPLANATIONS: dict[RequestType, str] = {
    RequestType.ACCESS: N_("Get a copy of the personal data the controller holds about you (Article 15)."),
    RequestType.RECTIFICATION: N_("Have wrong or incomplete data about you corrected (Article 16)."),
    RequestType.ERASURE: N_("Have your data erased when there is no longer a ground to keep it (Article 17)."),
    RequestType.RESTRICTION: N_("Have your data kept but not used while a question about it is settled (Article 18)."),
    RequestType.PORTABILITY: N_(
        "Get the data you gave the controller in a machine-readable format to take elsewhere (Article 20)."
    ),
    RequestType.OBJECTION: N_(
        "Object to processing based on the controller's legitimate interest or a public task (Article 21(1))."
    ),
    RequestType.MARKETING_PROHIBITION: N_("Forbid the use of your data for direct marketing (Article 21(2))."),
    RequestType.ACCESS_LOG: N_("Find out who has consulted your data and when."),
}

STATE_NAMES: dict[RequestState, str] = {
    RequestState.RECEIVED: N_("Received"),
    RequestState.FORWARDED: N_("Sent to the controller"),
    RequestState.ACKNOWLEDGED: N_("Being handled"),
    RequestState.INFO_REQUESTED: N_("Waiting for information from you"),
    RequestState.EXTENDED: N_("Being handled, deadline extended"),
    RequestState.ANSWERED: N_("Answered"),
    RequestState.REJECTED: N_("Refused"),
    RequestState.WITHDRAWN: N_("Withdrawn"),
}

NEXT_STEPS: dict[RequestState, str] = {
    RequestState.RECEIVED: N_("The request is on its way to the controller."),
    RequestState.FORWARDED: N_("The controller will confirm that it has taken up the request."),
    RequestState.ACKNOWLEDGED: N_("The controller is handling the request and answers by the deadline."),
    RequestState.INFO_REQUESTED: N_("The controller has asked you for more information: reply below."),
    RequestState.EXTENDED: N_("The controller has extended the deadline; the reasons are in the messages."),
    RequestState.ANSWERED: N_("The controller has answered. The answer is below."),
    RequestState.REJECTED: N_("The controller has refused the request; the reasons are in the messages."),
    RequestState.WITHDRAWN: N_("You withdrew the request. Nothing more will be done with it."),
}

DELIVERY_FORMATS: dict[str, str] = {
    "electronic": N_("Download in this service"),
    "paper": N_("On paper by post"),
}

# What the request pages' templates read, under these names (one context for every page).
PAGE_WORDS: dict[str, object] = {
    "right_names": RIGHT_NAMES,
    "right_explanations": RIGHT_EXPLANATIONS,
    "state_names": STATE_NAMES,
    "next_steps": NEXT_STEPS,
    "delivery_formats": DELIVERY_FORMATS,
    "rights": list(RequestType),
}
