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
    "bundle_ready": {
        Lang.FI: "Rekisterinpitäjä {controller} on koonnut sinua koskevat tiedot (pyyntö {reference}). "
        "Voit ladata ne palvelusta {expires} asti.",
        Lang.SV: "Den personuppgiftsansvarige {controller} har sammanställt uppgifterna om dig (begäran "
        "{reference}). Du kan ladda ner dem i tjänsten till och med {expires}.",
        Lang.EN: "The controller {controller} has compiled the data about you (request {reference}). "
        "You can download it in the service until {expires}.",
    },
    # Issue 14 point 13: the count is written in words that fit one and many ("1 tietue", "2 tietuetta").
    "effect_report": {
        Lang.FI: "Pyyntösi {reference} on toteutettu. Käsiteltyjä tietueita: {done}.",
        Lang.SV: "Din begäran {reference} har verkställts. Behandlade poster: {done}.",
        Lang.EN: "Your request {reference} has been carried out. Records handled: {done}.",
    },
    "erasure_report": {
        Lang.FI: "Pyyntösi {reference} on käsitelty. Poistettuja tietueita: {done}.",
        Lang.SV: "Din begäran {reference} har behandlats. Raderade poster: {done}.",
        Lang.EN: "Your request {reference} has been handled. Records erased: {done}.",
    },
    "partly_erased": {
        Lang.FI: "Tietosi on poistettu osittain: osa tiedoista säilytetään alla kerrotuilla perusteilla.",
        Lang.SV: "Dina uppgifter har raderats delvis: en del bevaras av de skäl som anges nedan.",
        Lang.EN: "Your data has been partly erased: some of it is kept for the reasons given below.",
    },
    "nothing_erased": {
        Lang.FI: "Tietojasi ei poistettu: ne säilytetään alla kerrotuilla perusteilla.",
        Lang.SV: "Dina uppgifter raderades inte: de bevaras av de skäl som anges nedan.",
        Lang.EN: "Your data was not erased: it is kept for the reasons given below.",
    },
    "retained_because": {
        Lang.FI: "Rekisteri {register} (säilytettyjä tietueita: {count}). Peruste: {ground}. {reason}",
        Lang.SV: "Registret {register} (bevarade poster: {count}). Grund: {ground}. {reason}",
        Lang.EN: "Register {register} (records kept: {count}). Ground: {ground}. {reason}",
    },
    # Issue 14 point 6: the access answer says whether a fee may apply (free once a year, Art. 15(3)).
    "fee_free": {
        Lang.FI: "Tämä pyyntö on maksuton: tarkastusoikeuden käyttäminen on maksutonta kerran vuodessa.",
        Lang.SV: "Denna begäran är avgiftsfri: rätten till insyn är avgiftsfri en gång per år.",
        Lang.EN: "This request is free of charge: the right of access is free once a year.",
    },
    "fee_may_apply": {
        Lang.FI: "Olet pyytänyt tietojasi myös edellisten 12 kuukauden aikana, joten rekisterinpitäjä voi periä "
        "kohtuullisen hallinnollisiin kustannuksiin perustuvan maksun (15 artiklan 3 kohta).",
        Lang.SV: "Du har begärt dina uppgifter även under de senaste 12 månaderna, så den personuppgiftsansvarige "
        "kan ta ut en rimlig avgift baserad på de administrativa kostnaderna (artikel 15.3).",
        Lang.EN: "You also asked for your data within the previous 12 months, so the controller may charge a "
        "reasonable fee based on administrative costs (Article 15(3)).",
    },
    # Issue 14 point 2: the bundle holds only the period asked about, and says so.
    "period_note": {
        Lang.FI: "Pyysit tietoja ajalta {first}–{last}: mukana ovat tiedot, jotka on tallennettu tai joita on "
        "muutettu tuona aikana, ja tuon ajan tietojen käsittelykerrat.",
        Lang.SV: "Du bad om uppgifter för perioden {first}–{last}: med finns uppgifter som registrerats eller "
        "ändrats under den perioden och behandlingstillfällena under den.",
        Lang.EN: "You asked for the period {first}–{last}: included is the data recorded or changed in that "
        "period, and the times it was consulted in that period.",
    },
    # Issue 14 point 11: Art. 18(3), told before the restriction is lifted, and when it is.
    "restriction_lift_notice": {
        Lang.FI: "Rekisterinpitäjä aikoo poistaa pyyntösi {reference} perusteella tehdyn käsittelyn rajoituksen "
        "(18 artiklan 3 kohta). Perustelut: {reason}",
        Lang.SV: "Den personuppgiftsansvarige avser att häva den begränsning av behandlingen som gjordes efter din "
        "begäran {reference} (artikel 18.3). Motivering: {reason}",
        Lang.EN: "The controller intends to lift the restriction of processing placed after your request "
        "{reference} (Article 18(3)). Reasons: {reason}",
    },
    "restriction_lifted": {
        Lang.FI: "Pyyntösi {reference} perusteella tehty käsittelyn rajoitus on poistettu.",
        Lang.SV: "Begränsningen av behandlingen som gjordes efter din begäran {reference} har hävts.",
        Lang.EN: "The restriction of processing placed after your request {reference} has been lifted.",
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
