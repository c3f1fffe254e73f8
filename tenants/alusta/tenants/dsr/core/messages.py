"""User-facing texts of the request domain in fi, sv and en (shaped like ``alusta.i18n.MESSAGES``)."""

from alusta.i18n import Lang

MESSAGES: dict[str, dict[Lang, str]] = {
    "no_data_letter": {
        Lang.FI: "Rekisterinpitäjä {controller} on käsitellyt pyyntösi {reference}. Rekisterinpitäjän "
        "rekistereissä ei ole sinua koskevia henkilötietoja.",
        Lang.SV: "Den personuppgiftsansvarige {controller} har behandlat din begäran {reference}. Det finns "
        "inga personuppgifter om dig i den personuppgiftsansvariges register.",
        Lang.EN: "The controller {controller} has handled your request {reference}. There is no personal "
        "data about you in the controller's registers.",
    },
    "no_automated_decisions": {
        Lang.FI: "Rekisterissä ei tehdä automaattisia päätöksiä eikä profilointia (22 artikla).",
        Lang.SV: "Registret används inte för automatiserade beslut eller profilering (artikel 22).",
        Lang.EN: "The register is not used for automated decision-making or profiling (Article 22).",
    },
    "bundle_ready": {
        Lang.FI: "Rekisterinpitäjä {controller} on koonnut sinua koskevat tiedot (pyyntö {reference}). "
        "Voit ladata ne palvelusta {expires} asti.",
        Lang.SV: "Den personuppgiftsansvarige {controller} har sammanställt uppgifterna om dig (begäran "
        "{reference}). Du kan ladda ner dem i tjänsten till och med {expires}.",
        Lang.EN: "The controller {controller} has compiled the data about you (request {reference}). "
        "You can download it in the service until {expires}.",
    },
    "effect_report": {
        Lang.FI: "Pyyntösi {reference} on toteutettu: {done} tietuetta käsitelty.",
        Lang.SV: "Din begäran {reference} har verkställts: {done} poster behandlade.",
        Lang.EN: "Your request {reference} has been carried out: {done} records handled.",
    },
    "retained_because": {
        Lang.FI: "Rekisterin {register} tietoja ({count} tietuetta) säilytetään, koska: {reason}",
        Lang.SV: "Uppgifterna i registret {register} ({count} poster) bevaras eftersom: {reason}",
        Lang.EN: "The data in register {register} ({count} records) is kept because: {reason}",
    },
    "request_not_found": {
        Lang.FI: "Pyyntöä ei löytynyt.",
        Lang.SV: "Begäran hittades inte.",
        Lang.EN: "No such request.",
    },
    "link_expired": {
        Lang.FI: "Latauslinkki on vanhentunut. Pyydä rekisterinpitäjältä uusi kopio.",
        Lang.SV: "Nedladdningslänken har gått ut. Be den personuppgiftsansvarige om en ny kopia.",
        Lang.EN: "The download link has expired. Ask the controller for a new copy.",
    },
    "request_closed": {
        Lang.FI: "Pyyntö on jo käsitelty tai peruttu.",
        Lang.SV: "Begäran är redan behandlad eller återkallad.",
        Lang.EN: "The request has already been handled or withdrawn.",
    },
    "strong_login_required": {
        Lang.FI: "Pyynnön jättäminen vaatii vahvan tunnistautumisen.",
        Lang.SV: "För att lämna in en begäran krävs stark autentisering.",
        Lang.EN: "Filing a request requires strong authentication.",
    },
}


def message(key: str, lang: Lang) -> str:
    return MESSAGES[key][lang]
