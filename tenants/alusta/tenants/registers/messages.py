"""Section titles of a privacy notice (register description) in fi, sv and en (design §6)."""

from alusta.i18n import Lang
from alusta.web.translations import N_

MESSAGES: dict[str, dict[Lang, str]] = {
    "controller": {Lang.FI: "Rekisterinpitäjä", Lang.SV: "Personuppgiftsansvarig", Lang.EN: "Controller"},
    "contact_person": {
        Lang.FI: "Yhteyshenkilö ja tietosuojavastaava",
        Lang.SV: "Kontaktperson och dataskyddsombud",
        Lang.EN: "Contact person and data protection officer",
    },
    "register_name": {Lang.FI: "Rekisterin nimi", Lang.SV: "Registrets namn", Lang.EN: "Name of the register"},
    "purpose": {
        Lang.FI: "Henkilötietojen käsittelyn tarkoitus ja oikeusperuste",
        Lang.SV: "Ändamål med och rättslig grund för behandlingen",
        Lang.EN: "Purpose and legal basis of processing",
    },
    "data_content": {Lang.FI: "Rekisterin tietosisältö", Lang.SV: "Registrets datainnehåll", Lang.EN: "Data content"},
    "sources": {
        Lang.FI: "Säännönmukaiset tietolähteet",
        Lang.SV: "Regelmässiga uppgiftskällor",
        Lang.EN: "Regular sources of data",
    },
    "recipients": {
        Lang.FI: "Tietojen säännönmukaiset luovutukset",
        Lang.SV: "Regelmässiga utlämnanden av uppgifter",
        Lang.EN: "Regular disclosures of data",
    },
    "transfers": {
        Lang.FI: "Tietojen siirto EU:n tai ETA:n ulkopuolelle",
        Lang.SV: "Överföring av uppgifter utanför EU eller EES",
        Lang.EN: "Transfers outside the EU or EEA",
    },
    "retention": {Lang.FI: "Säilytysaika", Lang.SV: "Lagringstid", Lang.EN: "Retention period"},
    "security": {
        Lang.FI: "Rekisterin suojauksen periaatteet",
        Lang.SV: "Principer för skyddet av registret",
        Lang.EN: "Security principles",
    },
    "access": {Lang.FI: "Tarkastusoikeus", Lang.SV: "Rätt till insyn", Lang.EN: "Right of access"},
    "rectification": {
        Lang.FI: "Oikeus vaatia tiedon korjaamista",
        Lang.SV: "Rätt att kräva rättelse",
        Lang.EN: "Right to rectification",
    },
    "other_rights": {
        Lang.FI: "Muut henkilötietojen käsittelyyn liittyvät oikeudet",
        Lang.SV: "Övriga rättigheter",
        Lang.EN: "Other rights",
    },
    "complaint_authority": {
        Lang.FI: "Oikeus tehdä valitus valvontaviranomaiselle",
        Lang.SV: "Rätt att klaga hos tillsynsmyndigheten",
        Lang.EN: "Right to lodge a complaint with the supervisory authority",
    },
    "legal_basis": {Lang.FI: "Oikeusperuste", Lang.SV: "Rättslig grund", Lang.EN: "Legal basis"},
    "privacy_notice": {Lang.FI: "Tietosuojaseloste", Lang.SV: "Dataskyddsbeskrivning", Lang.EN: "Privacy notice"},
    "version": {Lang.FI: "Versio", Lang.SV: "Version", Lang.EN: "Version"},
}

# Localised text sections of a notice in the order of design §6 (controller and contact first).
SECTION_ORDER = (
    "purpose",
    "data_content",
    "sources",
    "transfers",
    "retention",
    "security",
    "access",
    "rectification",
    "other_rights",
    "complaint_authority",
)


def section_title(key: str, lang: Lang) -> str:
    return MESSAGES[key][lang]


# Names of the Art. 6(1) legal bases for the notice page (gettext catalogue, ADR 0060).
LEGAL_BASIS_NAMES = {
    "consent": N_("consent (GDPR Article 6(1)(a))"),
    "contract": N_("contract (GDPR Article 6(1)(b))"),
    "legal_obligation": N_("legal obligation (GDPR Article 6(1)(c))"),
    "vital_interests": N_("vital interests (GDPR Article 6(1)(d))"),
    "public_task": N_("public task (GDPR Article 6(1)(e))"),
    "legitimate_interests": N_("legitimate interests (GDPR Article 6(1)(f))"),
}
