"""User-facing texts of the request domain: gettext msgids by key, translated with ``localise`` (ADR 0060)."""

from alusta.i18n import N_, Lang, localise

MESSAGES: dict[str, str] = {
    "no_data_letter": N_(
        "The controller {controller} has handled your request {reference}. There is no personal "
        "data about you in the controller's registers."
    ),
    "bundle_ready": N_(
        "The controller {controller} has compiled the data about you (request {reference}). "
        "You can download it in the service until {expires}."
    ),
    # Issue 14 point 13: the count is written in words that fit one and many ("1 tietue", "2 tietuetta").
    "effect_report": N_("Your request {reference} has been carried out. Records handled: {done}."),
    "erasure_report": N_("Your request {reference} has been handled. Records erased: {done}."),
    "partly_erased": N_("Your data has been partly erased: some of it is kept for the reasons given below."),
    "nothing_erased": N_("Your data was not erased: it is kept for the reasons given below."),
    "retained_because": N_("Register {register} (records kept: {count}). Ground: {ground}. {reason}"),
    # Issue 14 point 6: the access answer says whether a fee may apply (free once a year, Art. 15(3)).
    "fee_free": N_("This request is free of charge: the right of access is free once a year."),
    "fee_may_apply": N_(
        "You also asked for your data within the previous 12 months, so the controller may charge a "
        "reasonable fee based on administrative costs (Article 15(3))."
    ),
    # Issue 14 point 2: the bundle holds only the period asked about, and says so.
    "period_note": N_(
        "You asked for the period {first}–{last}: included is the data recorded or changed in that "
        "period, and the times it was consulted in that period."
    ),
    # An open-ended period says so in words (a dash for the open end read as a typo: "1.1.2025––").
    "period_from_note": N_(
        "You asked for the period from {first} onwards: included is the data recorded or changed "
        "since then, and the times it was consulted since then."
    ),
    "period_until_note": N_(
        "You asked for the period up to {last}: included is the data recorded or changed until "
        "then, and the times it was consulted until then."
    ),
    # Issue 14 point 11: Art. 18(3), told before the restriction is lifted, and when it is.
    "restriction_lift_notice": N_(
        "The controller intends to lift the restriction of processing placed after your request "
        "{reference} (Article 18(3)). Reasons: {reason}"
    ),
    "restriction_lifted": N_("The restriction of processing placed after your request {reference} has been lifted."),
    "request_not_found": N_("No such request."),
    "link_expired": N_("The download link has expired. Ask the controller for a new copy."),
    "request_closed": N_("The request has already been handled or withdrawn."),
    "strong_login_required": N_("Filing a request requires strong authentication."),
}


def message(key: str, lang: Lang) -> str:
    return localise(MESSAGES[key], lang)
