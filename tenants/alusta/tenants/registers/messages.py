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
    "automated_decisions": {
        Lang.FI: "Automaattinen päätöksenteko ja profilointi",
        Lang.SV: "Automatiserat beslutsfattande och profilering",
        Lang.EN: "Automated decision-making and profiling",
    },
    "no_automated_decisions": {
        Lang.FI: "Rekisteriselosteen mukaan rekisterin tietoja ei käytetä automaattiseen päätöksentekoon eikä "
        "profilointiin (22 artikla).",
        Lang.SV: "Enligt dataskyddsbeskrivningen används registrets uppgifter inte för automatiserat beslutsfattande "
        "eller profilering (artikel 22).",
        Lang.EN: "According to the privacy notice, the register's data is not used for automated decision-making "
        "or profiling (Article 22).",
    },
    "special_category_basis": {
        Lang.FI: "Erityisten henkilötietoryhmien käsittelyn peruste",
        Lang.SV: "Grund för behandling av särskilda kategorier av personuppgifter",
        Lang.EN: "Condition for processing special categories of data",
    },
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


# Art. 6(1)(a)-(f) in words (issue 14 point 8): a letter or notice never shows the bare code.
LEGAL_BASES: dict[str, tuple[str, dict[Lang, str]]] = {
    "consent": ("a", {Lang.FI: "suostumus", Lang.SV: "samtycke", Lang.EN: "consent"}),
    "contract": (
        "b",
        {
            Lang.FI: "sopimuksen täytäntöönpano tai sopimusta edeltävät toimet",
            Lang.SV: "fullgörande av avtal eller åtgärder före avtalets ingående",
            Lang.EN: "performance of a contract or steps prior to entering into one",
        },
    ),
    "legal_obligation": (
        "c",
        {Lang.FI: "lakisääteinen velvoite", Lang.SV: "rättslig förpliktelse", Lang.EN: "legal obligation"},
    ),
    "vital_interests": (
        "d",
        {
            Lang.FI: "rekisteröidyn tai toisen henkilön elintärkeän edun suojaaminen",
            Lang.SV: "skydd av den registrerades eller en annan persons grundläggande intressen",
            Lang.EN: "protection of the vital interests of the data subject or another person",
        },
    ),
    "public_task": (
        "e",
        {
            Lang.FI: "yleistä etua koskeva tehtävä tai julkisen vallan käyttäminen",
            Lang.SV: "uppgift av allmänt intresse eller myndighetsutövning",
            Lang.EN: "a task carried out in the public interest or in the exercise of official authority",
        },
    ),
    "legitimate_interests": (
        "f",
        {
            Lang.FI: "rekisterinpitäjän tai kolmannen osapuolen oikeutettu etu",
            Lang.SV: "den personuppgiftsansvariges eller en tredje parts berättigade intresse",
            Lang.EN: "the legitimate interests of the controller or a third party",
        },
    ),
}

# Art. 9(2)(a)-(j) conditions for special categories, in words.
SPECIAL_CATEGORY_BASES: dict[str, dict[Lang, str]] = {
    "a": {Lang.FI: "nimenomainen suostumus", Lang.SV: "uttryckligt samtycke", Lang.EN: "explicit consent"},
    "b": {
        Lang.FI: "työoikeuden, sosiaaliturvan ja sosiaalisen suojelun velvoitteet ja oikeudet",
        Lang.SV: "skyldigheter och rättigheter inom arbetsrätt, social trygghet och socialt skydd",
        Lang.EN: "obligations and rights in employment, social security and social protection law",
    },
    "c": {
        Lang.FI: "elintärkeän edun suojaaminen, kun rekisteröity ei voi antaa suostumusta",
        Lang.SV: "skydd av grundläggande intressen när den registrerade inte kan ge sitt samtycke",
        Lang.EN: "vital interests where the data subject cannot give consent",
    },
    "d": {
        Lang.FI: "säätiön, yhdistyksen tai muun voittoa tavoittelemattoman elimen oikeutettu toiminta",
        Lang.SV: "berättigad verksamhet vid en stiftelse, förening eller annat ideellt organ",
        Lang.EN: "legitimate activities of a foundation, association or other not-for-profit body",
    },
    "e": {
        Lang.FI: "rekisteröidyn itse julkisiksi saattamat tiedot",
        Lang.SV: "uppgifter som på ett tydligt sätt offentliggjorts av den registrerade",
        Lang.EN: "data manifestly made public by the data subject",
    },
    "f": {
        Lang.FI: "oikeudellisen vaateen laatiminen, esittäminen tai puolustaminen tai tuomioistuimen tehtävät",
        Lang.SV: "fastställande, utövande eller försvar av rättsliga anspråk eller domstolarnas verksamhet",
        Lang.EN: "the establishment, exercise or defence of legal claims, or courts acting in their capacity",
    },
    "g": {
        Lang.FI: "laissa säädetty tärkeä yleinen etu",
        Lang.SV: "ett viktigt allmänt intresse enligt lag",
        Lang.EN: "reasons of substantial public interest laid down by law",
    },
    "h": {
        Lang.FI: "ennaltaehkäisevä terveydenhuolto tai työterveyshuolto, terveydenhuolto tai sosiaalihuolto",
        Lang.SV: "förebyggande hälso- och sjukvård eller yrkesmedicin, hälso- och sjukvård eller social omsorg",
        Lang.EN: "preventive or occupational medicine, health care or social care",
    },
    "i": {
        Lang.FI: "kansanterveyteen liittyvä yleinen etu",
        Lang.SV: "ett allmänt intresse på folkhälsoområdet",
        Lang.EN: "reasons of public interest in the area of public health",
    },
    "j": {
        Lang.FI: "arkistointi yleistä etua varten, tieteellinen tai historiallinen tutkimus tai tilastointi",
        Lang.SV: "arkivändamål av allmänt intresse, vetenskaplig eller historisk forskning eller statistik",
        Lang.EN: "archiving in the public interest, scientific or historical research or statistics",
    },
}

_ARTICLE = {
    Lang.FI: "EU:n yleisen tietosuoja-asetuksen {article} artiklan {point} kohdan {letter} alakohta",
    Lang.SV: "artikel {article}.{point} {letter} i dataskyddsförordningen",
    Lang.EN: "Article {article}({point})({letter}) GDPR",
}


def legal_basis_text(code: str, lang: Lang) -> str:
    """E.g. "sopimuksen täytäntöönpano ... (EU:n yleisen tietosuoja-asetuksen 6 artiklan 1 kohdan b alakohta)"."""
    letter, words = LEGAL_BASES[code]
    return f"{words[lang]} ({_ARTICLE[lang].format(article=6, point=1, letter=letter)})"


def special_category_text(letter: str, lang: Lang) -> str:
    """An Art. 9(2) condition in words, with its article reference."""
    return f"{SPECIAL_CATEGORY_BASES[letter][lang]} ({_ARTICLE[lang].format(article=9, point=2, letter=letter)})"


# Names of the Art. 6(1) legal bases for the notice page (gettext catalogue, ADR 0060).
LEGAL_BASIS_NAMES = {
    "consent": N_("consent (GDPR Article 6(1)(a))"),
    "contract": N_("contract (GDPR Article 6(1)(b))"),
    "legal_obligation": N_("legal obligation (GDPR Article 6(1)(c))"),
    "vital_interests": N_("vital interests (GDPR Article 6(1)(d))"),
    "public_task": N_("public task (GDPR Article 6(1)(e))"),
    "legitimate_interests": N_("legitimate interests (GDPR Article 6(1)(f))"),
}
