"""Letters sent to the data subject, in Finnish, Swedish and English.

- The Art. 15(1)(a)-(h) cover letter of an access answer, from the register's privacy notice.
- The reasoned refusal, always naming the right to complain to the Data Protection Ombudsman
  (Tietosuojavaltuutettu / Dataombudsmannen) and to bring the matter to a court (Art. 12(4), 77, 79).
- The extension notice with its reasons (Art. 12(3)).
"""

from dataclasses import dataclass
from datetime import date, datetime

from alusta.calendar.periods import HELSINKI
from alusta.i18n import Lang
from alusta.tenants.dsr.core.outcomes import Outcome

OMBUDSMAN = {
    Lang.FI: "Tietosuojavaltuutetun toimisto, PL 800, 00531 Helsinki, tietosuoja.fi",
    Lang.SV: "Dataombudsmannens byrå, PB 800, 00531 Helsingfors, tietosuoja.fi/sv",
    Lang.EN: "Office of the Data Protection Ombudsman, P.O. Box 800, FI-00531 Helsinki, tietosuoja.fi/en",
}

COMPLAINT_RIGHTS = {
    Lang.FI: "Sinulla on oikeus tehdä valitus valvontaviranomaiselle ({ombudsman}) ja oikeus "
    "saattaa asia tuomioistuimen käsiteltäväksi.",
    Lang.SV: "Du har rätt att lämna in ett klagomål till tillsynsmyndigheten ({ombudsman}) och rätt "
    "att föra ärendet till domstol.",
    Lang.EN: "You have the right to lodge a complaint with the supervisory authority ({ombudsman}) and "
    "the right to bring the matter before a court.",
}

REFUSAL_REASONS: dict[Outcome, dict[Lang, str]] = {
    Outcome.REFUSED_MANIFESTLY_UNFOUNDED: {
        Lang.FI: "Pyyntö on ilmeisen perusteeton (EU:n yleinen tietosuoja-asetus 12 artiklan 5 kohta).",
        Lang.SV: "Begäran är uppenbart ogrundad (artikel 12.5 i dataskyddsförordningen).",
        Lang.EN: "The request is manifestly unfounded (Article 12(5) GDPR).",
    },
    Outcome.REFUSED_EXCESSIVE: {
        Lang.FI: "Pyyntö on kohtuuton, erityisesti toistuvuutensa vuoksi (12 artiklan 5 kohta).",
        Lang.SV: "Begäran är orimlig, särskilt på grund av dess repetitiva karaktär (artikel 12.5).",
        Lang.EN: "The request is excessive, in particular because of its repetitive character (Article 12(5)).",
    },
    Outcome.REFUSED_IDENTITY_NOT_ESTABLISHED: {
        Lang.FI: "Henkilöllisyyttäsi ei voitu varmistaa (12 artiklan 2 ja 6 kohta).",
        Lang.SV: "Din identitet kunde inte fastställas (artikel 12.2 och 12.6).",
        Lang.EN: "Your identity could not be established (Article 12(2) and 12(6)).",
    },
    Outcome.REFUSED_ART_17_3_EXCEPTION: {
        Lang.FI: "Tietoja on säilytettävä lakisääteisen velvoitteen tai oikeusvaatimuksen vuoksi "
        "(17 artiklan 3 kohta).",
        Lang.SV: "Uppgifterna måste bevaras på grund av en rättslig förpliktelse eller ett rättsligt anspråk "
        "(artikel 17.3).",
        Lang.EN: "The data must be kept for a legal obligation or legal claims (Article 17(3)).",
    },
    Outcome.REFUSED_NATIONAL_LAW: {
        Lang.FI: "Oikeutta on rajoitettu kansallisella lailla (23 artikla; tietosuojalaki 1050/2018).",
        Lang.SV: "Rättigheten är begränsad genom nationell lag (artikel 23; dataskyddslagen 1050/2018).",
        Lang.EN: "The right is restricted by national law (Article 23; Finnish Data Protection Act 1050/2018).",
    },
}

REFUSAL_OPENING = {
    Lang.FI: "Rekisterinpitäjä {controller} ei toteuta pyyntöäsi {reference}.",
    Lang.SV: "Den personuppgiftsansvarige {controller} verkställer inte din begäran {reference}.",
    Lang.EN: "The controller {controller} will not act on your request {reference}.",
}

EXTENSION_NOTICE = {
    Lang.FI: "Pyyntösi {reference} käsittelyaikaa on jatkettu {months}. Uusi määräaika on {due}. Perustelut: {reason}",
    Lang.SV: "Tidsfristen för din begäran {reference} har förlängts med {months}. Den nya "
    "tidsfristen är {due}. Motivering: {reason}",
    Lang.EN: "The time limit for your request {reference} has been extended by {months}. The new "
    "deadline is {due}. Reasons: {reason}",
}
# Issue 14 point 13: "1 month", "2 months" (fi: "1 kuukaudella", "2 kuukaudella").
MONTHS = {
    Lang.FI: ("{n} kuukaudella", "{n} kuukaudella"),
    Lang.SV: ("{n} månad", "{n} månader"),
    Lang.EN: ("{n} month", "{n} months"),
}
MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def months_text(lang: Lang, n: int) -> str:
    return MONTHS[lang][0 if n == 1 else 1].format(n=n)


def letter_date(moment: datetime | date, lang: Lang) -> str:
    """A date as the letter's language writes it, on the Helsinki calendar (issue 14 point 13).

    fi and sv: 3.1.2027; en: 3 January 2027. A datetime is first converted to Helsinki time.
    """
    day = moment.astimezone(HELSINKI).date() if isinstance(moment, datetime) else moment
    if lang is Lang.EN:
        return f"{day.day} {MONTH_NAMES_EN[day.month - 1]} {day.year}"
    return f"{day.day}.{day.month}.{day.year}"


# Art. 17(3)(a)-(e): why a record is kept despite an erasure request (issue 14 point 9).
ERASURE_GROUNDS: dict[str, dict[Lang, str]] = {
    "a": {
        Lang.FI: "sananvapautta ja tiedonvapautta koskevan oikeuden käyttäminen (17 artiklan 3 kohdan a alakohta)",
        Lang.SV: "utövande av rätten till yttrande- och informationsfrihet (artikel 17.3 a)",
        Lang.EN: "exercising the right of freedom of expression and information (Article 17(3)(a))",
    },
    "b": {
        Lang.FI: "lakisääteisen velvoitteen noudattaminen, yleistä etua koskevan tehtävän suorittaminen tai julkisen "
        "vallan käyttäminen (17 artiklan 3 kohdan b alakohta)",
        Lang.SV: "fullgörande av en rättslig förpliktelse, en uppgift av allmänt intresse eller myndighetsutövning "
        "(artikel 17.3 b)",
        Lang.EN: "compliance with a legal obligation, or a task carried out in the public interest or in the "
        "exercise of official authority (Article 17(3)(b))",
    },
    "c": {
        Lang.FI: "kansanterveyteen liittyvä yleinen etu (17 artiklan 3 kohdan c alakohta)",
        Lang.SV: "skäl som rör allmänt intresse på folkhälsoområdet (artikel 17.3 c)",
        Lang.EN: "reasons of public interest in the area of public health (Article 17(3)(c))",
    },
    "d": {
        Lang.FI: "arkistointi yleistä etua varten, tieteellinen tai historiallinen tutkimus tai tilastointi "
        "(17 artiklan 3 kohdan d alakohta)",
        Lang.SV: "arkivändamål av allmänt intresse, vetenskapliga eller historiska forskningsändamål eller "
        "statistiska ändamål (artikel 17.3 d)",
        Lang.EN: "archiving in the public interest, scientific or historical research or statistical purposes "
        "(Article 17(3)(d))",
    },
    "e": {
        Lang.FI: "oikeudellisen vaateen laatiminen, esittäminen tai puolustaminen (17 artiklan 3 kohdan e alakohta)",
        Lang.SV: "fastställande, utövande eller försvar av rättsliga anspråk (artikel 17.3 e)",
        Lang.EN: "the establishment, exercise or defence of legal claims (Article 17(3)(e))",
    },
}


# The access-log extract's purposes (C-579/21: dates and purposes of consultations), by audit
# action, in the bundle's language (issue 14 point 3); never the raw action code.
ACCESS_PURPOSES: dict[str, dict[Lang, str]] = {
    "record.create": {Lang.FI: "tietojen tallentaminen", Lang.SV: "registrering av uppgifterna",
                      Lang.EN: "recording the data"},
    "record.read": {Lang.FI: "tietojen katselu", Lang.SV: "visning av uppgifterna", Lang.EN: "viewing the data"},
    "record.update": {Lang.FI: "tietojen muuttaminen", Lang.SV: "ändring av uppgifterna",
                      Lang.EN: "changing the data"},
    "record.delete": {Lang.FI: "tietojen poistaminen", Lang.SV: "radering av uppgifterna",
                      Lang.EN: "erasing the data"},
    "record.restricted": {Lang.FI: "käsittelyn rajoittaminen (18 artikla)", Lang.SV: "begränsning av behandlingen "
                          "(artikel 18)", Lang.EN: "restricting the processing (Article 18)"},
    "record.objected": {Lang.FI: "vastustamisen merkitseminen (21 artikla)", Lang.SV: "registrering av invändning "
                        "(artikel 21)", Lang.EN: "recording an objection (Article 21)"},
    "record.no_marketing": {Lang.FI: "suoramarkkinointikiellon merkitseminen", Lang.SV: "registrering av förbud mot "
                            "direktmarknadsföring", Lang.EN: "recording a direct marketing prohibition"},
    "records.list": {Lang.FI: "tietojen näyttäminen rekisterin luettelossa", Lang.SV: "visning i registrets "
                     "förteckning", Lang.EN: "shown in a list of the register"},
    "records.search": {Lang.FI: "tietojen haku tunnisteella", Lang.SV: "sökning med en identifierare",
                       Lang.EN: "found by a search by identifier"},
    "records.import": {Lang.FI: "tietojen tuonti tiedostosta", Lang.SV: "import av uppgifterna från en fil",
                       Lang.EN: "imported from a file"},
}  # fmt: skip
OTHER_PURPOSE = {Lang.FI: "muu käsittely", Lang.SV: "annan behandling", Lang.EN: "other processing"}


def access_purpose(action: str, lang: Lang) -> str:
    return ACCESS_PURPOSES.get(action, OTHER_PURPOSE)[lang]


def refusal_letter(outcome: Outcome, lang: Lang, controller: str, reference: str, details: str) -> str:
    if outcome not in REFUSAL_REASONS:
        raise ValueError(f"{outcome} is not a refusal")
    parts = [
        REFUSAL_OPENING[lang].format(controller=controller, reference=reference),
        REFUSAL_REASONS[outcome][lang],
        details.strip(),
        COMPLAINT_RIGHTS[lang].format(ombudsman=OMBUDSMAN[lang]),
    ]
    return "\n\n".join(part for part in parts if part)


def extension_notice(lang: Lang, reference: str, months: int, due: str, reason: str) -> str:
    return EXTENSION_NOTICE[lang].format(reference=reference, months=months_text(lang, months), due=due, reason=reason)


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


COVER_HEADINGS: dict[Lang, tuple[str, ...]] = {
    Lang.FI: (
        "Käsittelyn tarkoitukset ja oikeusperuste",
        "Henkilötietoryhmät",
        "Vastaanottajat ja siirrot",
        "Säilytysaika",
        "Oikeutesi",
        "Valitusoikeus",
        "Tietolähteet",
        "Automaattinen päätöksenteko",
    ),
    Lang.SV: (
        "Ändamål och rättslig grund",
        "Kategorier av personuppgifter",
        "Mottagare och överföringar",
        "Lagringstid",
        "Dina rättigheter",
        "Rätt att klaga",
        "Källor",
        "Automatiserat beslutsfattande",
    ),
    Lang.EN: (
        "Purposes and legal basis",
        "Categories of personal data",
        "Recipients and transfers",
        "Retention period",
        "Your rights",
        "Right to complain",
        "Sources",
        "Automated decision-making",
    ),
}

RIGHTS_TEXT = {
    Lang.FI: "Voit pyytää tietojesi oikaisemista tai poistamista, käsittelyn rajoittamista ja vastustaa käsittelyä.",
    Lang.SV: "Du kan begära rättelse eller radering, begränsning av behandlingen och invända mot behandlingen.",
    Lang.EN: "You may request rectification or erasure, restriction of processing, and object to processing.",
}


def access_cover_letter(facts: NoticeFacts, lang: Lang) -> str:
    """Art. 15(1)(a)-(h) in the order of the article, one heading each."""
    values = (
        facts.purposes,
        facts.categories,
        facts.recipients,
        facts.retention,
        RIGHTS_TEXT[lang],
        COMPLAINT_RIGHTS[lang].format(ombudsman=OMBUDSMAN[lang]),
        facts.sources,
        facts.automated_decisions,
    )
    lines = [f"{facts.controller} – {facts.register}"]
    lines += [f"{heading}: {value}" for heading, value in zip(COVER_HEADINGS[lang], values, strict=True)]
    return "\n".join(lines)
