"""Finnish identifiers: henkilötunnus (personal identity code) and Y-tunnus (business ID).

Rules (notes/oidc.md §3):
- Henkilötunnus ``DDMMYY`` + century sign + ``ZZZ`` + control character. Century signs: ``+``
  (1800s), ``- Y X W V U`` (1900s), ``A B C D E F`` (2000s; the extra signs since 1 Jan 2023).
  The sign is part of the identity (``…-999P`` and ``…Y999P`` are different people), so it is
  never normalised away. Control character: ``int(DDMMYYZZZ) % 31`` indexes
  ``0123456789ABCDEFHJKLMNPRSTUVWXY``. Individual numbers 900-999 are temporary/synthetic
  codes. Ground rule 7: outside production (``allow_synthetic=True``) *only* synthetic codes are
  accepted, everywhere (login, records, desk, imports), so a real person's number is never
  stored by a test or demo system; in production synthetic codes are refused.
- The birth date may not lie in the future (a code is issued at birth, not before).
- Y-tunnus ``NNNNNNN-T``, weights 7 9 10 5 8 4 2, ``r = sum % 11``; r == 0 → T = 0,
  r == 1 → never issued, else T = 11 - r. Six-digit legacy IDs are zero-padded.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

HETU_CLAIM = "urn:oid:1.2.246.21"
_HETU_RE = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+YXWVUABCDEF])(\d{3})([0-9A-FHJ-NPR-Y])$")
_CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
_CENTURY |= dict.fromkeys("ABCDEF", 2000)
SYNTHETIC_MIN = 900  # 900-999: temporary codes, used by every test identity
_INDIVIDUAL_MIN = 2  # 000 and 001 are never issued

_YTUNNUS_RE = re.compile(r"^(\d{6,7})-(\d)$")
_YTUNNUS_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


class InvalidIdentifierError(ValueError):
    """The value is not a valid identifier. The message never contains the value itself."""


@dataclass(frozen=True)
class Hetu:
    value: str  # exactly as issued, century sign kept
    birth_date: date
    individual_number: int

    @property
    def is_synthetic(self) -> bool:
        return self.individual_number >= SYNTHETIC_MIN

    def __repr__(self) -> str:  # personal data: never printed
        return "Hetu(<redacted>)"


def parse_hetu(value: object, *, allow_synthetic: bool, today: date | None = None) -> Hetu:
    """Validate a henkilötunnus (format, date, control character, synthetic range).

    ``allow_synthetic`` says the caller runs outside production: then only synthetic codes
    (900-999) are accepted and a real-looking one is refused (ground rule 7); in production
    synthetic codes are refused. ``today`` (UTC date by default) bounds the birth date.
    """
    if not isinstance(value, str):
        raise InvalidIdentifierError("henkilötunnus must be a string")
    match = _HETU_RE.fullmatch(value)  # upper case only: lower case is not a valid code
    if match is None:
        raise InvalidIdentifierError("henkilötunnus has the wrong format")
    dd, mm, yy, sign, zzz, check = match.groups()
    try:
        birth = date(_CENTURY[sign] + int(yy), int(mm), int(dd))
    except ValueError:
        raise InvalidIdentifierError("henkilötunnus has an impossible date") from None
    if birth > (today or datetime.now(UTC).date()):
        raise InvalidIdentifierError("henkilötunnus has a birth date in the future")
    if _CHECK_CHARS[int(dd + mm + yy + zzz) % 31] != check:
        raise InvalidIdentifierError("henkilötunnus control character does not match")
    individual = int(zzz)
    if individual < _INDIVIDUAL_MIN:
        raise InvalidIdentifierError("henkilötunnus individual number is never issued")
    if individual >= SYNTHETIC_MIN and not allow_synthetic:
        raise InvalidIdentifierError("temporary/synthetic henkilötunnus is not accepted here")
    if individual < SYNTHETIC_MIN and allow_synthetic:
        raise InvalidIdentifierError("only synthetic henkilötunnus (individual number 900-999) outside production")
    return Hetu(value=value, birth_date=birth, individual_number=individual)


_HETU_IN_TEXT = re.compile(r"(?<![0-9A-Z])\d{6}[-+YXWVUABCDEF]\d{3}[0-9A-FHJ-NPR-Y](?![0-9A-Z])")


def contains_real_hetu(text: str) -> bool:
    """Whether free text holds a valid, non-synthetic henkilötunnus.

    Ground rule 7: outside production such a number is refused everywhere, also typed into a
    name or a note. Production rules (real numbers valid) find them.
    """
    found = _HETU_IN_TEXT.finditer(text.upper())
    return any(is_valid_hetu(match.group(), allow_synthetic=False) for match in found)


def is_valid_hetu(value: object, *, allow_synthetic: bool) -> bool:
    try:
        parse_hetu(value, allow_synthetic=allow_synthetic)
    except InvalidIdentifierError:
        return False
    return True


def hetu_check_char(birth_ddmmyy: str, individual: str) -> str:
    """The control character for ``DDMMYY`` + ``ZZZ`` (used to make synthetic test identities)."""
    return _CHECK_CHARS[int(birth_ddmmyy + individual) % 31]


def validate_business_id(value: object) -> str:
    """Validate a Y-tunnus and return it in canonical ``NNNNNNN-T`` form (zero-padded)."""
    if not isinstance(value, str):
        raise InvalidIdentifierError("Y-tunnus must be a string")
    match = _YTUNNUS_RE.fullmatch(value.strip())
    if match is None:
        raise InvalidIdentifierError("Y-tunnus has the wrong format (NNNNNNN-T)")
    digits, check = match.group(1).zfill(7), int(match.group(2))
    remainder = sum(int(d) * w for d, w in zip(digits, _YTUNNUS_WEIGHTS, strict=True)) % 11
    if remainder == 1:  # numbers with remainder 1 are never issued
        raise InvalidIdentifierError("Y-tunnus is not a number that can be issued")
    expected = 0 if remainder == 0 else 11 - remainder
    if check != expected:
        raise InvalidIdentifierError("Y-tunnus check digit does not match")
    return f"{digits}-{check}"


def is_valid_business_id(value: object) -> bool:
    try:
        validate_business_id(value)
    except InvalidIdentifierError:
        return False
    return True


# Alias in Finnish, as other domains may look for it.
validate_y_tunnus = validate_business_id
