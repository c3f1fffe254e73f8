"""A register's field definitions in words for the controller's staff (gettext msgids, issue 12).

The workspace never shows a bare code ("special_category"): each type, classification and
subject key is said in the member's language where it is shown (``_()`` in templates).
"""

from alusta.i18n import N_
from alusta.tenants.registers.schemas import Classification, FieldType, SubjectKey

FIELD_TYPE_NAMES: dict[FieldType, str] = {
    FieldType.TEXT: N_("Text"),
    FieldType.EMAIL: N_("E-mail address"),
    FieldType.PHONE: N_("Phone number"),
    FieldType.HETU: N_("Personal identity code"),
    FieldType.DATE: N_("Date"),
    FieldType.NUMBER: N_("Number"),
    FieldType.BOOLEAN: N_("Yes or no"),
    FieldType.CUSTOMER_NUMBER: N_("Customer number"),
}

# Design §6: ordinary data, special categories (Art. 9) and non-disclosure data (turvakielto,
# a secret number) are told apart, because who may read them differs.
CLASSIFICATION_NAMES: dict[Classification, str] = {
    Classification.IDENTIFIER: N_("Identifier"),
    Classification.CONTACT: N_("Contact details"),
    Classification.ORDINARY: N_("Ordinary personal data"),
    Classification.SPECIAL_CATEGORY: N_("Special category of data (Article 9)"),
    Classification.NON_DISCLOSURE: N_("Non-disclosure data (e.g. a non-disclosure order or a secret number)"),
}

SUBJECT_KEY_NAMES: dict[SubjectKey, str] = {
    SubjectKey.HETU: N_("Personal identity code"),
    SubjectKey.EMAIL: N_("E-mail address"),
    SubjectKey.PHONE: N_("Phone number"),
    SubjectKey.CUSTOMER_NUMBER: N_("Customer number"),
}

LANGUAGE_NAMES: dict[str, str] = {"fi": N_("Finnish"), "sv": N_("Swedish"), "en": N_("English")}

REGISTER_WORDS: dict[str, object] = {
    "type_names": FIELD_TYPE_NAMES,
    "class_names": CLASSIFICATION_NAMES,
    "key_names": SUBJECT_KEY_NAMES,
    "language_names": LANGUAGE_NAMES,
}
