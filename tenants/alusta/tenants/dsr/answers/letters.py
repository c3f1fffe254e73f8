"""Letters sent to the data subject, in Finnish, Swedish and English.

- The Art. 15(1)(a)-(h) cover letter of an access answer, from the register's privacy notice.
- The reasoned refusal, always naming the right to complain to the Data Protection Ombudsman
  (Tietosuojavaltuutettu / Dataombudsmannen) and to bring the matter to a court (Art. 12(4), 77, 79).
- The extension notice with its reasons (Art. 12(3)).
"""

from dataclasses import dataclass
from datetime import date, datetime

from alusta.calendar.periods import HELSINKI
from alusta.i18n import N_, Lang, localise, localise_plural
from alusta.tenants.dsr.core.outcomes import Outcome

OMBUDSMAN = N_("Office of the Data Protection Ombudsman, P.O. Box 800, FI-00531 Helsinki, tietosuoja.fi/en")

COMPLAINT_RIGHTS = N_(
    "You have the right to lodge a complaint with the supervisory authority ({ombudsman}) and "
    "the right to bring the matter before a court."
)

REFUSAL_REASONS: dict[Outcome, str] = {
    Outcome.REFUSED_MANIFESTLY_UNFOUNDED: N_("The request is manifestly unfounded (Article 12(5) GDPR)."),
    Outcome.REFUSED_EXCESSIVE: N_(
        "The request is excessive, in particular because of its repetitive character (Article 12(5))."
    ),
    Outcome.REFUSED_IDENTITY_NOT_ESTABLISHED: N_("Your identity could not be established (Article 12(2) and 12(6))."),
    Outcome.REFUSED_ART_17_3_EXCEPTION: N_(
        "The data must be kept for a legal obligation or legal claims (Article 17(3))."
    ),
    Outcome.REFUSED_NATIONAL_LAW: N_(
        "The right is restricted by national law (Article 23; Finnish Data Protection Act 1050/2018)."
    ),
}

REFUSAL_OPENING = N_("The controller {controller} will not act on your request {reference}.")

EXTENSION_NOTICE = N_(
    "The time limit for your request {reference} has been extended by {months}. The new "
    "deadline is {due}. Reasons: {reason}"
)
MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def months_text(lang: Lang, n: int) -> str:
    return localise_plural("{n} month", "{n} months", n, lang).format(n=n)


def letter_date(moment: datetime | date, lang: Lang) -> str:
    """A date as the letter's language writes it, on the Helsinki calendar (issue 14 point 13).

    fi and sv: 3.1.2027; en: 3 January 2027. A datetime is first converted to Helsinki time.
    """
    day = moment.astimezone(HELSINKI).date() if isinstance(moment, datetime) else moment
    if lang is Lang.EN:
        return f"{day.day} {MONTH_NAMES_EN[day.month - 1]} {day.year}"
    return f"{day.day}.{day.month}.{day.year}"


# Art. 17(3)(a)-(e): why a record is kept despite an erasure request (issue 14 point 9).
ERASURE_GROUNDS: dict[str, str] = {
    "a": N_("exercising the right of freedom of expression and information (Article 17(3)(a))"),
    "b": N_(
        "compliance with a legal obligation, or a task carried out in the public interest or in the "
        "exercise of official authority (Article 17(3)(b))"
    ),
    "c": N_("reasons of public interest in the area of public health (Article 17(3)(c))"),
    "d": N_(
        "archiving in the public interest, scientific or historical research or statistical purposes (Article 17(3)(d))"
    ),
    "e": N_("the establishment, exercise or defence of legal claims (Article 17(3)(e))"),
}


# The access-log extract's purposes (C-579/21: dates and purposes of consultations), by audit
# action, in the bundle's language (issue 14 point 3); never the raw action code.
ACCESS_PURPOSES: dict[str, str] = {
    "record.create": N_("recording the data"),
    "record.read": N_("viewing the data"),
    "record.update": N_("changing the data"),
    "record.delete": N_("erasing the data"),
    "record.restricted": N_("restricting the processing (Article 18)"),
    "record.objected": N_("recording an objection (Article 21)"),
    "record.no_marketing": N_("recording a direct marketing prohibition"),
    "records.list": N_("shown in a list of the register"),
    "records.search": N_("found by a search by identifier"),
    "records.import": N_("imported from a file"),
    "records.export": N_("exported by the controller in a copy of the register"),
}  # fmt: skip
OTHER_PURPOSE = N_("other processing")


def access_purpose(action: str, lang: Lang) -> str:
    return localise(ACCESS_PURPOSES.get(action, OTHER_PURPOSE), lang)


def refusal_letter(outcome: Outcome, lang: Lang, controller: str, reference: str, details: str) -> str:
    if outcome not in REFUSAL_REASONS:
        raise ValueError(f"{outcome} is not a refusal")
    parts = [
        localise(REFUSAL_OPENING, lang).format(controller=controller, reference=reference),
        localise(REFUSAL_REASONS[outcome], lang),
        details.strip(),
        localise(COMPLAINT_RIGHTS, lang).format(ombudsman=localise(OMBUDSMAN, lang)),
    ]
    return "\n\n".join(part for part in parts if part)


def extension_notice(lang: Lang, reference: str, months: int, due: str, reason: str) -> str:
    return localise(EXTENSION_NOTICE, lang).format(
        reference=reference, months=months_text(lang, months), due=due, reason=reason
    )


@dataclass(frozen=True)
class NoticeFacts:
    """What Art. 15(1)(a)-(h) requires, taken from one register's published privacy notice."""

    controller: str
    register: str
    purposes: str  # (a) with the legal basis
    categories: str  # (b)
    recipients: str  # (c) incl. transfers outside the EU/EEA
    retention: str  # (d)
    sources: str  # (g)
    automated_decisions: str  # (h)


COVER_HEADINGS: tuple[str, ...] = (
    N_("Purposes and legal basis"),
    N_("Categories of personal data"),
    N_("Recipients and transfers"),
    N_("Retention period"),
    N_("Your rights"),
    N_("Right to complain"),
    N_("Sources"),
    N_("Automated decision-making"),
)

RIGHTS_TEXT = N_("You may request rectification or erasure, restriction of processing, and object to processing.")


def access_cover_letter(facts: NoticeFacts, lang: Lang) -> str:
    """Art. 15(1)(a)-(h) in the order of the article, one heading each."""
    values = (
        facts.purposes,
        facts.categories,
        facts.recipients,
        facts.retention,
        localise(RIGHTS_TEXT, lang),
        localise(COMPLAINT_RIGHTS, lang).format(ombudsman=localise(OMBUDSMAN, lang)),
        facts.sources,
        facts.automated_decisions,
    )
    lines = [f"{facts.controller} – {facts.register}"]
    lines += [
        f"{heading}: {value}"
        for heading, value in zip((localise(h, lang) for h in COVER_HEADINGS), values, strict=True)
    ]
    return "\n".join(lines)
