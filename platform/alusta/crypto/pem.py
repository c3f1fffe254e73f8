"""Loading and strength checks of PEM keys and certificates (TLS and OIDC)."""

from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

MIN_RSA_BITS = 2048  # NIST SP 800-57 / BSI TR-02102: RSA below 2048 bits is not acceptable
MIN_EC_BITS = 256


class KeyMaterialError(ValueError):
    """A key or certificate is missing, unreadable, weak or mismatched."""


def load_private_key(path: Path) -> PrivateKeyTypes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyMaterialError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise KeyMaterialError(f"{path} is not an unencrypted PEM private key") from None


def check_key_strength(key: PrivateKeyTypes, path: Path) -> None:
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < MIN_RSA_BITS:
            raise KeyMaterialError(f"{path}: RSA key of {key.key_size} bits; at least {MIN_RSA_BITS} required")
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        if key.curve.key_size < MIN_EC_BITS:
            raise KeyMaterialError(f"{path}: EC key of {key.curve.key_size} bits; at least {MIN_EC_BITS} required")
    elif not isinstance(key, ed25519.Ed25519PrivateKey):
        raise KeyMaterialError(f"{path}: unsupported key type {type(key).__name__}")


def load_rsa_key(path: Path) -> rsa.RSAPrivateKey:
    """An RSA key for OIDC (the FTN profile signs with RS256 and encrypts with RSA-OAEP)."""
    key = load_private_key(path)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise KeyMaterialError(f"{path}: an RSA key is required by the FTN profile")
    check_key_strength(key, path)
    return key


def check_tls_pair(cert_path: Path, key_path: Path) -> None:
    """The certificate parses, is currently valid, and belongs to a strong key."""
    key = load_private_key(key_path)
    check_key_strength(key, key_path)
    try:
        certs = x509.load_pem_x509_certificates(cert_path.read_bytes())
    except OSError as exc:
        raise KeyMaterialError(f"cannot read {cert_path}: {exc.strerror}") from None
    except ValueError:
        raise KeyMaterialError(f"{cert_path} is not a PEM certificate chain") from None
    leaf = certs[0]
    now = datetime.now(UTC)
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        raise KeyMaterialError(f"{cert_path}: certificate is not valid now")
    public = key.public_key()
    if leaf.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo):
        raise KeyMaterialError(f"{cert_path} does not belong to the key in {key_path}")
