"""Reference codes given to requesters: short, unguessable, typo-checked.

``ALU-XXXX-XXXX-XXXX-C``: 60 random bits in Crockford base32 (no I, L, O, U), plus a mod-37
check character (ISO 7064 style) so a mistyped code is recognised before any lookup. Codes carry
no personal data and reveal nothing about the tenant.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
CHECK_ALPHABET = ALPHABET + "*~$=U"  # Crockford's 37-symbol check alphabet
PREFIX = "ALU"
GROUPS = 3
GROUP_LENGTH = 4


def check_symbol(body: str) -> str:
    value = 0
    for char in body:
        value = (value * 32 + ALPHABET.index(char)) % 37
    return CHECK_ALPHABET[value]


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    groups = [body[i : i + GROUP_LENGTH] for i in range(0, len(body), GROUP_LENGTH)]
    return "-".join([PREFIX, *groups, check_symbol(body)])


def normalise_reference(text: str) -> str | None:
    """The canonical code, or None when it is malformed or its check character is wrong."""
    cleaned = text.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")
    parts = cleaned.split("-")
    if len(parts) != GROUPS + 2 or parts[0] not in {PREFIX, "A1U"}:
        return None
    body = "".join(parts[1:-1])
    if len(body) != GROUPS * GROUP_LENGTH or any(char not in ALPHABET for char in body):
        return None
    if parts[-1] != check_symbol(body):
        return None
    return "-".join([PREFIX, *parts[1:-1], parts[-1]])
