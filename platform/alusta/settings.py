"""Typed settings read from ``ALUSTA_*`` environment variables.

Settings are built once (``Settings()`` reads the environment) and then *resolved* by
:func:`alusta.settings_resolve.resolve_settings`: production refuses to start on anything missing or
weak, development and test fill gaps with material generated once under ``ALUSTA_STATE_DIR``.
Nothing here runs at import time.
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Environment(StrEnum):
    PRODUCTION = "production"
    DEVELOPMENT = "development"
    TEST = "test"


class Settings(BaseSettings):
    """Every setting of the service; the environment variable is ``ALUSTA_`` + the upper-case name."""

    model_config = SettingsConfigDict(env_prefix="ALUSTA_", extra="ignore", frozen=True)

    environment: Environment = Field(
        default=Environment.PRODUCTION,
        description="production (default, fail closed), development or test. Test doubles "
        "(built-in identity provider, generated keys) exist only outside production.",
    )
    state_dir: Path = Field(
        default=Path(".alusta"),
        description="Where development/test generate and keep certificates, keys and the SQLite file.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL the service connects with (postgresql+asyncpg://app-role@... in "
        "production; the role owns nothing and has NOBYPASSRLS).",
    )
    migration_database_url: str | None = Field(
        default=None,
        description="URL of the schema-owner role used by `alusta db upgrade`; defaults to DATABASE_URL.",
    )
    public_url: str | None = Field(
        default=None,
        description="The https:// origin users reach the service at; allowed Host headers derive from it.",
    )
    processor_name: str = Field(
        default="Alusta Oy",
        description="The processor's name shown in every page footer (who runs the service).",
    )
    processor_contact: str = Field(
        default="tietosuoja@alusta.example.test",
        description="The processor's contact address shown in every page footer (no personal address).",
    )
    tls_cert: Path | None = Field(default=None, description="PEM certificate chain served by the TLS listener.")
    tls_key: Path | None = Field(default=None, description="PEM private key (PKCS#8) of the TLS certificate.")
    tls_min_version: Literal["1.2", "1.3"] = Field(
        default="1.2", description="Lowest TLS version accepted: 1.2 (Mozilla intermediate) or 1.3 only."
    )
    key_file: Path | None = Field(
        default=None,
        description="JSON key ring of key-encryption keys (256-bit) that wrap the per-tenant data keys.",
    )
    audit_checkpoint_key: Path | None = Field(
        default=None,
        description="Ed25519 private key (PKCS#8 PEM, mode 0600) signing audit chain checkpoints; kept "
        "outside the database (required in production).",
    )
    audit_checkpoint_file: Path | None = Field(
        default=None,
        description="Append-only JSON-lines file the signed audit checkpoints are written to and verified "
        "against (required in production; ship it to write-once storage).",
    )
    oidc_issuer: str | None = Field(default=None, description="Issuer URL of the FTN-profile OpenID provider (https).")
    oidc_client_id: str | None = Field(default=None, description="Client id registered at the provider.")
    oidc_signing_key: Path | None = Field(
        default=None, description="PEM RSA key (>= 2048 bits) signing request objects and client assertions."
    )
    oidc_encryption_key: Path | None = Field(
        default=None, description="PEM RSA key (>= 2048 bits) decrypting ID tokens and userinfo."
    )
    oidc_ca_file: Path | None = Field(
        default=None, description="CA bundle trusted for the provider's endpoints (default: system store)."
    )
    oidc_previous_signing_key: Path | None = Field(
        default=None,
        description="Previous RP signing key (PEM), still published in the JWKS during a rotation overlap.",
    )
    oidc_previous_encryption_key: Path | None = Field(
        default=None,
        description="Previous RP encryption key (PEM): published and still used to decrypt during a rotation.",
    )
    oidc_clock_skew_seconds: int = Field(
        default=60, ge=0, le=300, description="Clock skew tolerated on ID-token iat/exp, in seconds."
    )
    session_idle_timeout_seconds: int = Field(
        default=1800,
        ge=60,
        description="A login session ends after this many seconds without requests (FTN SSO lasts ~32 min).",
    )
    session_absolute_timeout_seconds: int = Field(
        default=28800, ge=300, description="A login session ends this many seconds after login, used or not."
    )
    login_state_ttl_seconds: int = Field(
        default=600, ge=60, le=3600, description="How long a started login (state, nonce, PKCE verifier) stays usable."
    )
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Comma-separated addresses/CIDRs whose X-Forwarded-* headers are trusted (the ingress).",
    )
    smtp_host: str | None = Field(
        default=None,
        description="SMTP relay for notifications (STARTTLS required in production); unset: in-app inbox only.",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Port of the SMTP relay (submission).")
    smtp_sender: str = Field(default="alusta@localhost", description="From address of notification e-mails.")
    clamd_host: str | None = Field(
        default=None, description="clamd (ClamAV) host scanning attachments; production refuses attachments without it."
    )
    clamd_port: int = Field(default=3310, ge=1, le=65535, description="clamd TCP port.")
    redis_url: str | None = Field(default=None, description="Redis URL for shared sessions (several replicas).")
    host: str = Field(default="127.0.0.1", description="Address the HTTPS listener binds to.")
    port: int = Field(default=8443, ge=1, le=65535, description="Port of the HTTPS listener.")
    header_timeout_seconds: float = Field(
        default=10.0,
        ge=0.5,
        le=120.0,
        description="A connection whose TLS handshake and request head (request line and headers) are not "
        "complete this many seconds after it opened, or after its previous response, is closed (slowloris).",
    )
    keep_alive_timeout_seconds: int = Field(
        default=5, ge=1, le=120, description="An idle keep-alive connection is closed after this many seconds."
    )
    max_connections: int = Field(
        default=1024,
        ge=16,
        le=65536,
        description="Connections one server process holds at once; one more is closed as soon as it opens.",
    )
    metrics_token_file: Path | None = Field(
        default=None,
        description="File holding the bearer token /metrics requires (>= 32 characters); required in "
        "production. Unset outside production: /metrics answers without a token.",
    )
    metrics_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="Serve /metrics on this separate HTTPS port only (for per-pod scraping; no Host check "
        "there, nothing else answers on it); unset: /metrics is on the service port.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Lowest level written to the JSON log."
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest request body accepted, in bytes (413 beyond it)."
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def effective_migration_url(self) -> str:
        url = self.migration_database_url or self.database_url
        if url is None:
            raise RuntimeError("settings are not resolved: no database URL")
        return url

    def allowed_hosts(self) -> tuple[str, ...]:
        """Host header values accepted: the public origin, plus loopback names outside production."""
        if self.public_url is None:
            return ()
        parts = urlsplit(self.public_url)
        host = parts.hostname or ""
        port = parts.port or 443
        names = {host}
        if not self.is_production:
            names |= {"localhost", "127.0.0.1", "[::1]"}
        result = {f"{name}:{port}" for name in names}
        if port == 443:
            result |= names
        return tuple(sorted(result))
