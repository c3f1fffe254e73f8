"""Section titles of a privacy notice (register description) in fi, sv and en (design §6)."""

from alusta.i18n import N_, Lang, localise

MESSAGES: dict[str, str] = {
    "controller": N_("Controller"),
    "contact_person": N_("Contact person and data protection officer"),
    "register_name": N_("Name of the register"),
    "purpose": N_("Purpose and legal basis of processing"),
    "data_content": N_("Data content"),
    "sources": N_("Regular sources of data"),
    "recipients": N_("Regular disclosures of data"),
    "transfers": N_("Transfers outside the EU or EEA"),
    "retention": N_("Retention period"),
    "security": N_("Security principles"),
    "access": N_("Right of access"),
    "rectification": N_("Right to rectification"),
    "other_rights": N_("Other rights"),
    "complaint_authority": N_("Right to lodge a complaint with the supervisory authority"),
    "legal_basis": N_("Legal basis"),
    "automated_decisions": N_("Automated decision-making and profiling"),
    "no_automated_decisions": N_(
        "According to the privacy notice, the register's data is not used for automated decision-making "
        "or profiling (Article 22)."
    ),
    "special_category_basis": N_("Condition for processing special categories of data"),
    "no_recipients": N_("No regular disclosures."),
    "privacy_notice": N_("Privacy notice"),
    "version": N_("Version"),
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
    return localise(MESSAGES[key], lang)


# Art. 6(1)(a)-(f) in words (issue 14 point 8): a letter or notice never shows the bare code.
LEGAL_BASES: dict[str, tuple[str, str]] = {
    "consent": ("a", N_("consent")),
    "contract": (
        "b",
        N_("performance of a contract or steps prior to entering into one"),
    ),
    "legal_obligation": (
        "c",
        N_("legal obligation"),
    ),
    "vital_interests": (
        "d",
        N_("protection of the vital interests of the data subject or another person"),
    ),
    "public_task": (
        "e",
        N_("a task carried out in the public interest or in the exercise of official authority"),
    ),
    "legitimate_interests": (
        "f",
        N_("the legitimate interests of the controller or a third party"),
    ),
}

# Art. 9(2)(a)-(j) conditions for special categories, in words.
SPECIAL_CATEGORY_BASES: dict[str, str] = {
    "a": N_("explicit consent"),
    "b": N_("obligations and rights in employment, social security and social protection law"),
    "c": N_("vital interests where the data subject cannot give consent"),
    "d": N_("legitimate activities of a foundation, association or other not-for-profit body"),
    "e": N_("data manifestly made public by the data subject"),
    "f": N_("the establishment, exercise or defence of legal claims, or courts acting in their capacity"),
    "g": N_("reasons of substantial public interest laid down by law"),
    "h": N_("preventive or occupational medicine, health care or social care"),
    "i": N_("reasons of public interest in the area of public health"),
    "j": N_("archiving in the public interest, scientific or historical research or statistics"),
}

_ARTICLE = N_("Article {article}({point})({letter}) GDPR")


def legal_basis_text(code: str, lang: Lang) -> str:
    """E.g. "sopimuksen täytäntöönpano ... (EU:n yleisen tietosuoja-asetuksen 6 artiklan 1 kohdan b alakohta)"."""
    letter, words = LEGAL_BASES[code]
    return f"{localise(words, lang)} ({localise(_ARTICLE, lang).format(article=6, point=1, letter=letter)})"


def special_category_text(letter: str, lang: Lang) -> str:
    """An Art. 9(2) condition in words, with its article reference."""
    article = localise(_ARTICLE, lang).format(article=9, point=2, letter=letter)
    return f"{localise(SPECIAL_CATEGORY_BASES[letter], lang)} ({article})"


# Names of the Art. 6(1) legal bases for the notice page (gettext catalogue, ADR 0060).
LEGAL_BASIS_NAMES = {
    "consent": N_("consent (GDPR Article 6(1)(a))"),
    "contract": N_("contract (GDPR Article 6(1)(b))"),
    "legal_obligation": N_("legal obligation (GDPR Article 6(1)(c))"),
    "vital_interests": N_("vital interests (GDPR Article 6(1)(d))"),
    "public_task": N_("public task (GDPR Article 6(1)(e))"),
    "legitimate_interests": N_("legitimate interests (GDPR Article 6(1)(f))"),
}
