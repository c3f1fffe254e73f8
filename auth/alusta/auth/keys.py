"""The relying party's own keys and its public JWKS (``/.well-known/jwks.json``).

FTN profile (notes/oidc.md §2): RSA >= 2048, separate ``sig`` and ``enc`` keys, ``kid`` on
every key. Rotation with overlap: the previous key of each kind stays published (and the
previous encryption key stays usable for decryption) until the operator removes it.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joserfc.jwk import KeySet, RSAKey

from alusta.crypto.pem import load_rsa_key
from alusta.settings import Settings

PUBLIC_RSA_MEMBERS = ("kty", "n", "e", "kid", "use", "alg")


def rsa_jwk(path: Path, use: str) -> RSAKey:
    """An RSA key from PEM with ``kid`` = RFC 7638 thumbprint and the given ``use``."""
    key = RSAKey.import_key(load_rsa_key(path))
    # The encryption key names no ``alg``: the provider may use RSA-OAEP or RSA-OAEP-256 (both allowed).
    parameters = {"kid": key.thumbprint(), "use": use, **({"alg": "RS256"} if use == "sig" else {})}
    return RSAKey.import_key(key.as_dict(private=True), parameters)  # type: ignore[arg-type]


@dataclass(frozen=True)
class RelyingPartyKeys:
    signing: RSAKey
    encryption: RSAKey
    previous_signing: RSAKey | None = None
    previous_encryption: RSAKey | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "RelyingPartyKeys":
        if settings.oidc_signing_key is None or settings.oidc_encryption_key is None:
            raise RuntimeError("settings are not resolved: RP keys missing")
        return cls(
            signing=rsa_jwk(settings.oidc_signing_key, "sig"),
            encryption=rsa_jwk(settings.oidc_encryption_key, "enc"),
            previous_signing=rsa_jwk(settings.oidc_previous_signing_key, "sig")
            if settings.oidc_previous_signing_key
            else None,
            previous_encryption=rsa_jwk(settings.oidc_previous_encryption_key, "enc")
            if settings.oidc_previous_encryption_key
            else None,
        )

    def published(self) -> list[RSAKey]:
        keys = [self.signing, self.encryption, self.previous_signing, self.previous_encryption]
        return [key for key in keys if key is not None]

    def decryption_keys(self) -> KeySet:
        """Current and previous encryption keys (the JWE ``kid`` picks one)."""
        keys = [self.encryption] + ([self.previous_encryption] if self.previous_encryption else [])
        return KeySet(list(keys))

    def public_jwks(self) -> dict[str, Any]:
        """Public members only: a private member (``d``, ``p``, ``q``, ...) is never published."""
        return {
            "keys": [
                {name: value for name, value in key.as_dict(private=False).items() if name in PUBLIC_RSA_MEMBERS}
                for key in self.published()
            ]
        }
