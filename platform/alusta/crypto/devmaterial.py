"""Material generated once for development and tests under ``ALUSTA_STATE_DIR``.

A local CA and a server certificate (PKCS#8 key, so any server can read it), the RP's OIDC keys
and a key ring. Existing files are reused; a certificate that expires within a week is renewed.
Production never calls this (settings resolution refuses missing material there).
"""

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes, PrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from alusta.crypto.keyring import write_new_keyring, write_private

CERT_LIFETIME = timedelta(days=90)
RENEW_BEFORE = timedelta(days=7)
DEV_HOSTNAMES = ("localhost",)
DEV_ADDRESSES = ("127.0.0.1", "::1")


@dataclass(frozen=True)
class DevTLS:
    ca_cert: Path
    cert: Path
    key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "alusta development"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _pkcs8(key: PrivateKeyTypes) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _still_valid(cert_path: Path) -> bool:
    if not cert_path.exists():
        return False
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return cert.not_valid_after_utc - datetime.now(UTC) > RENEW_BEFORE


def _build_cert(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    signer: CertificateIssuerPrivateKeyTypes,
    *,
    is_ca: bool,
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + CERT_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=0 if is_ca else None), critical=True)
    )
    if is_ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    else:
        names: list[x509.GeneralName] = [x509.DNSName(name) for name in DEV_HOSTNAMES]
        names += [x509.IPAddress(ipaddress.ip_address(address)) for address in DEV_ADDRESSES]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
    return builder.sign(signer, hashes.SHA256())


def ensure_dev_tls(state_dir: Path) -> DevTLS:
    """A development CA and a localhost/127.0.0.1/::1 server certificate signed by it."""
    tls_dir = state_dir / "tls"
    paths = DevTLS(ca_cert=tls_dir / "ca.pem", cert=tls_dir / "server.pem", key=tls_dir / "server-key.pem")
    ca_key_path = tls_dir / "ca-key.pem"
    if _still_valid(paths.ca_cert) and _still_valid(paths.cert) and paths.key.exists():
        return paths
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("alusta development CA")
    ca_cert = _build_cert(ca_name, ca_name, ca_key.public_key(), ca_key, is_ca=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = _build_cert(_name("localhost"), ca_name, server_key.public_key(), ca_key, is_ca=False)
    write_private(ca_key_path, _pkcs8(ca_key))
    write_private(paths.key, _pkcs8(server_key))
    paths.ca_cert.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths.cert.write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    return paths


def ensure_rsa_key(path: Path, bits: int = 2048) -> Path:
    if not path.exists():
        write_private(path, _pkcs8(rsa.generate_private_key(public_exponent=65537, key_size=bits)))
    return path


def ensure_keyring(path: Path) -> Path:
    if not path.exists():
        write_new_keyring(path)
    return path
