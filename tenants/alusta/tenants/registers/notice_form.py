"""The privacy-notice editor's form: a notice as form values, form values back to a :class:`Notice`.

Rules of the editor (issue 12), checked before anything reaches the service:
- every text section is published in Finnish, Swedish and English (the API refuses a notice with
  a language missing, and so does the page): a section lacking a translation gets ONE message
  naming the missing languages, linked to the first empty input of that section;
- the texts' lengths are those of :mod:`.schemas` (200 for names, 4,000 for a section), so a
  checked form always converts;
- the automated decision-making section is optional as a whole (empty in every language: the
  notice declares none), but once begun it is needed in all three;
- a disclosure (recipient) row left empty is dropped; a row begun needs the recipient's name and
  the purpose in all three languages.

Input names: ``{section}-{lang}`` (e.g. ``retention-sv``), ``contact_person``, ``legal_basis``,
``special_category_basis``, ``recipient-{i}-name`` and ``recipient-{i}-{lang}``.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from alusta.i18n import N_, Lang, localise
from alusta.tenants.registers.messages import LEGAL_BASES, SECTION_ORDER, SPECIAL_CATEGORY_BASES, section_title
from alusta.tenants.registers.schemas import Notice
from alusta.tenants.registers.words import LANGUAGE_NAMES

LANGS = ("fi", "sv", "en")
NAME_MAX = 200  # ShortText
TEXT_MAX = 4000  # LongText
MAX_RECIPIENTS = 50  # Notice.recipients
BLANK_RECIPIENT_ROWS = 2  # empty rows the editor offers for new recipients (no JavaScript)
TEXT_SECTIONS = ("register_name", *SECTION_ORDER)  # localised and required
# Every part of a notice in the order of the public page (what "what changes" lists).
NOTICE_PARTS = (
    "register_name",
    "contact_person",
    "purpose",
    "legal_basis",
    "special_category_basis",
    "data_content",
    "sources",
    "recipients",
    "transfers",
    "retention",
    "automated_decisions",
    "security",
    "access",
    "rectification",
    "other_rights",
    "complaint_authority",
)

MISSING = N_("%(section)s: write the text in every language (missing: %(languages)s).")
TOO_LONG = N_("%(section)s (%(language)s): at most %(max)d characters.")
RECIPIENT = N_("Recipient %(num)d")
RECIPIENT_NAME = N_("Recipient %(num)d: give the recipient's name.")
RECIPIENT_NAME_LONG = N_("Recipient %(num)d: the name is at most 200 characters.")
TOO_MANY_RECIPIENTS = N_("At most 50 recipients.")
CONTACT_PERSON = N_("Name the contact person, e.g. the data protection officer's title and e-mail address.")
CONTACT_PERSON_LONG = N_("The contact person is at most 200 characters.")
LEGAL_BASIS = N_("Choose the legal basis of processing.")
SPECIAL_BASIS = N_("Choose a condition from the list, or none.")

_RECIPIENT_INPUT = re.compile(r"^recipient-(\d{1,3})-(?:name|fi|sv|en)$")


def _text(value: str) -> str:
    """A submitted text as stored: trimmed, with the browser's CRLF line ends as LF."""
    return value.replace("\r\n", "\n").strip()


def values_of(notice: Notice) -> dict[str, str]:
    """The notice as the editor's form values (the current version, shown for editing)."""
    values: dict[str, str] = {
        "contact_person": notice.contact_person,
        "legal_basis": notice.legal_basis,
        "special_category_basis": notice.special_category_basis or "",
    }
    for section in TEXT_SECTIONS:
        texts = msgspec.to_builtins(getattr(notice, section))
        values.update({f"{section}-{lang}": texts[lang] for lang in LANGS})
    if notice.automated_decisions is not None:
        values.update({f"automated_decisions-{lang}": getattr(notice.automated_decisions, lang) for lang in LANGS})
    for index, recipient in enumerate(notice.recipients):
        values[f"recipient-{index}-name"] = recipient.name
        values.update({f"recipient-{index}-{lang}": getattr(recipient.purpose, lang) for lang in LANGS})
    return values


def recipient_rows(values: Mapping[str, str]) -> int:
    """How many recipient rows the editor shows: every row in use, then a few empty ones."""
    used = [int(m.group(1)) for name, value in values.items() if value.strip() and (m := _RECIPIENT_INPUT.match(name))]
    return min(max(used, default=-1) + 1 + BLANK_RECIPIENT_ROWS, MAX_RECIPIENTS + BLANK_RECIPIENT_ROWS)


@dataclass
class NoticeCheck:
    """The outcome of checking the editor's form: a notice, or one message per section."""

    notice: Notice | None = None
    errors: dict[str, str] = field(default_factory=dict)  # first input of the section -> message


class _Reader:
    def __init__(self, values: Mapping[str, str], lang: Lang) -> None:
        self.values = values
        self.lang = lang
        self.errors: dict[str, str] = {}

    def say(self, message: str, **args: Any) -> str:
        return localise(message, self.lang) % args

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def texts(self, prefix: str, label: str, limit: int, *, optional: bool = False) -> dict[str, str] | None:
        """One localised part: its three texts, or None (an error is noted unless optional and empty)."""
        texts = {lang: _text(self.values.get(f"{prefix}-{lang}", "")) for lang in LANGS}
        missing = [lang for lang in LANGS if not texts[lang]]
        if optional and len(missing) == len(LANGS):
            return None
        if missing:
            languages = ", ".join(localise(LANGUAGE_NAMES[lang], self.lang) for lang in missing)
            self.error(f"{prefix}-{missing[0]}", self.say(MISSING, section=label, languages=languages))
            return None
        for lang in LANGS:
            if len(texts[lang]) > limit:
                language = localise(LANGUAGE_NAMES[lang], self.lang)
                self.error(f"{prefix}-{lang}", self.say(TOO_LONG, section=label, language=language, max=limit))
                return None
        return texts

    def recipients(self) -> list[dict[str, Any]]:
        rows = sorted({int(m.group(1)) for name in self.values if (m := _RECIPIENT_INPUT.match(name))})
        found: list[dict[str, Any]] = []
        for index in rows:
            prefix = f"recipient-{index}"
            name = self.values.get(f"{prefix}-name", "").strip()
            if not name and not any(self.values.get(f"{prefix}-{lang}", "").strip() for lang in LANGS):
                continue  # an empty row: nothing to disclose
            label = self.say(RECIPIENT, num=index + 1)
            if not name:
                self.error(f"{prefix}-name", self.say(RECIPIENT_NAME, num=index + 1))
            elif len(name) > NAME_MAX:
                self.error(f"{prefix}-name", self.say(RECIPIENT_NAME_LONG, num=index + 1))
            purpose = self.texts(prefix, label, TEXT_MAX)
            if name and purpose is not None:
                found.append({"name": name, "purpose": purpose})
        if len(found) > MAX_RECIPIENTS:
            self.error("recipient-0-name", self.say(TOO_MANY_RECIPIENTS))
        return found


def read_notice(values: Mapping[str, str], lang: Lang) -> NoticeCheck:
    """The editor's form as a :class:`Notice`; errors (in ``lang``) in the page's order."""
    reader = _Reader(values, lang)
    data: dict[str, Any] = {}
    contact = values.get("contact_person", "").strip()
    basis = values.get("legal_basis", "")
    special = values.get("special_category_basis", "")
    for part in NOTICE_PARTS:
        title = section_title(part, lang)
        if part in TEXT_SECTIONS:
            data[part] = reader.texts(part, title, NAME_MAX if part == "register_name" else TEXT_MAX)
        elif part == "automated_decisions":
            data[part] = reader.texts(part, title, TEXT_MAX, optional=True)
        elif part == "contact_person" and (not contact or len(contact) > NAME_MAX):
            reader.error(part, reader.say(CONTACT_PERSON if not contact else CONTACT_PERSON_LONG))
        elif part == "legal_basis" and basis not in LEGAL_BASES:
            reader.error(part, reader.say(LEGAL_BASIS))
        elif part == "special_category_basis" and special and special not in SPECIAL_CATEGORY_BASES:
            reader.error(part, reader.say(SPECIAL_BASIS))
        elif part == "recipients":
            data[part] = reader.recipients()
    if reader.errors:
        return NoticeCheck(errors=reader.errors)
    data.update(contact_person=contact, legal_basis=basis, special_category_basis=special or None)
    return NoticeCheck(notice=msgspec.convert(data, Notice))


@dataclass(frozen=True)
class Change:
    part: str  # a key of NOTICE_PARTS (its title: ``section_title``)
    languages: tuple[str, ...] = ()  # for a localised part: the languages whose text changed


def changes(old: Notice, new: Notice) -> list[Change]:
    """What a new version changes, part by part in the page's order (the preview's summary)."""
    before, after = msgspec.to_builtins(old), msgspec.to_builtins(new)
    found = []
    for part in NOTICE_PARTS:
        was, now = before.get(part), after.get(part)
        if was == now:
            continue
        if part in TEXT_SECTIONS or (part == "automated_decisions" and was is not None and now is not None):
            found.append(Change(part, tuple(lang for lang in LANGS if was[lang] != now[lang])))
        else:
            found.append(Change(part))
    return found
