"""Turn raw settings into usable ones: fail closed in production, generate gaps elsewhere.

Ground rule 4: production refuses to start without real keys, real identity-provider settings and
TLS, and refuses the test doubles. Each problem names the environment variable to fix.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from alusta.audit import checkpoints
from alusta.crypto.devmaterial import ensure_dev_tls, ensure_keyring, ensure_rsa_key
from alusta.crypto.keyring import KeyFileError, load_keyring
from alusta.crypto.pem import KeyMaterialError, check_tls_pair, load_rsa_key
from alusta.ops.metrics import MetricsTokenError, read_metrics_token
from alusta.settings import Settings

TEST_IDP_PATH = "/test-idp"  # the built-in test identity provider's mount point
DEV_CLIENT_ID = "alusta-dev"
# Escape hatches that silently disable transport security in libraries we use (style notes §1.7).
FORBIDDEN_ENV = ("AUTHLIB_INSECURE_TRANSPORT", "OAUTHLIB_INSECURE_TRANSPORT")


class SettingsError(RuntimeError):
    """The settings cannot be used; ``problems`` names each variable and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("refusing to start:\n  - " + "\n  - ".join(problems))


def resolve_settings(settings: Settings) -> Settings:
    if settings.is_production:
        problems = production_problems(settings)
        if problems:
            raise SettingsError(problems)
        return settings
    problems = _listener_problems(settings) + (_metrics_token_problems(settings) if settings.metrics_token_file else [])
    if problems:
        raise SettingsError(problems)
    return _fill_development_gaps(settings)


def migration_url(settings: Settings) -> str:
    """The schema owner's database URL; the only setting schema commands need.

    Migration jobs run apart from the service (a Kubernetes Job as the owner role), so they must
    not need the TLS pair, the key ring or the OIDC keys. Production still refuses SQLite.
    """
    if not settings.is_production:
        return _fill_development_gaps(settings).effective_migration_url
    url = settings.migration_database_url or settings.database_url
    if not url:
        raise SettingsError(["ALUSTA_MIGRATION_DATABASE_URL (or ALUSTA_DATABASE_URL) is required in production"])
    if not url.startswith("postgresql+asyncpg://"):
        raise SettingsError(["ALUSTA_MIGRATION_DATABASE_URL must be postgresql+asyncpg:// in production"])
    return url


def _https_problem(var: str, url: str | None) -> str | None:
    if not url:
        return f"{var} is required in production"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return f"{var} must be an https:// URL"
    return None


def _path_problem(var: str, path: Path | None) -> str | None:
    if path is None:
        return f"{var} is required in production"
    if not path.is_file():
        return f"{var} points to {path}, which is not a readable file"
    return None


def production_problems(settings: Settings) -> list[str]:
    problems: list[str] = [f"{name} must not be set in production" for name in FORBIDDEN_ENV if os.environ.get(name)]
    problems += _database_problems(settings)
    problems += _tls_problems(settings)
    problems += _keyring_problems(settings)
    problems += _oidc_problems(settings)
    problems += _metrics_token_problems(settings)
    problems += _listener_problems(settings)
    return problems


def _metrics_token_problems(settings: Settings) -> list[str]:
    """/metrics is never public in production: a bearer token is required (issue 17 point 8)."""
    problem = _path_problem("ALUSTA_METRICS_TOKEN_FILE", settings.metrics_token_file)
    if problem:
        return [problem]
    assert settings.metrics_token_file is not None
    try:
        read_metrics_token(settings.metrics_token_file)
    except MetricsTokenError as exc:
        return [f"ALUSTA_METRICS_TOKEN_FILE: {exc}"]
    return []


def _listener_problems(settings: Settings) -> list[str]:
    if settings.metrics_port is not None and settings.metrics_port == settings.port:
        return ["ALUSTA_METRICS_PORT must differ from ALUSTA_PORT"]
    return []


def _database_problems(settings: Settings) -> list[str]:
    if not settings.database_url:
        return ["ALUSTA_DATABASE_URL is required in production"]
    if not settings.database_url.startswith("postgresql+asyncpg://"):
        return ["ALUSTA_DATABASE_URL must be postgresql+asyncpg:// in production (SQLite is for development)"]
    return []


def _tls_problems(settings: Settings) -> list[str]:
    problems = [
        p
        for p in (
            _https_problem("ALUSTA_PUBLIC_URL", settings.public_url),
            _path_problem("ALUSTA_TLS_CERT", settings.tls_cert),
            _path_problem("ALUSTA_TLS_KEY", settings.tls_key),
        )
        if p
    ]
    if not problems and settings.tls_cert and settings.tls_key:
        try:
            check_tls_pair(settings.tls_cert, settings.tls_key)
        except KeyMaterialError as exc:
            problems.append(f"ALUSTA_TLS_CERT/ALUSTA_TLS_KEY: {exc}")
    return problems


def _keyring_problems(settings: Settings) -> list[str]:
    problem = _path_problem("ALUSTA_KEY_FILE", settings.key_file)
    if problem:
        return [problem]
    assert settings.key_file is not None
    try:
        load_keyring(settings.key_file, require_private_mode=True)
    except KeyFileError as exc:
        return [f"ALUSTA_KEY_FILE: {exc}"]
    return []


def audit_checkpoint_settings(settings: Settings) -> tuple[Path, Path]:
    """The checkpoint key and sink for ``alusta audit checkpoint|verify``; refuses if unusable.

    Issue 17 item 6, fail closed: in production the commands do not run without a real key
    (one generated on the spot would prove nothing). Only these commands need the key: the
    web service never signs, so its pods need not hold it (ADR 0023).
    """
    problems = audit_checkpoint_problems(settings) if settings.is_production else []
    if problems:
        raise SettingsError(problems)
    if settings.audit_checkpoint_key is None or settings.audit_checkpoint_file is None:
        raise SettingsError(["settings are not resolved: no audit checkpoint key or file"])
    return settings.audit_checkpoint_key, settings.audit_checkpoint_file


def audit_checkpoint_problems(settings: Settings) -> list[str]:
    problems = []
    problem = _path_problem("ALUSTA_AUDIT_CHECKPOINT_KEY", settings.audit_checkpoint_key)
    if problem:
        problems.append(problem)
    elif settings.audit_checkpoint_key is not None:
        try:
            checkpoints.load_key(settings.audit_checkpoint_key, require_private_mode=True)
        except checkpoints.CheckpointError as exc:
            problems.append(f"ALUSTA_AUDIT_CHECKPOINT_KEY: {exc}")
    sink = settings.audit_checkpoint_file
    if sink is None:
        problems.append("ALUSTA_AUDIT_CHECKPOINT_FILE is required in production")
    elif not sink.parent.is_dir():
        problems.append(f"ALUSTA_AUDIT_CHECKPOINT_FILE: directory {sink.parent} does not exist")
    return problems


def _oidc_problems(settings: Settings) -> list[str]:
    problems: list[str] = []
    issuer_problem = _https_problem("ALUSTA_OIDC_ISSUER", settings.oidc_issuer)
    if issuer_problem:
        problems.append(issuer_problem)
    elif settings.oidc_issuer and urlsplit(settings.oidc_issuer).path.rstrip("/").endswith(TEST_IDP_PATH):
        problems.append("ALUSTA_OIDC_ISSUER points at the built-in test identity provider")
    if not settings.oidc_client_id:
        problems.append("ALUSTA_OIDC_CLIENT_ID is required in production")
    if settings.oidc_ca_file is not None and not settings.oidc_ca_file.is_file():
        problems.append(f"ALUSTA_OIDC_CA_FILE points to {settings.oidc_ca_file}, which is not a readable file")
    for var, path in (
        ("ALUSTA_OIDC_SIGNING_KEY", settings.oidc_signing_key),
        ("ALUSTA_OIDC_ENCRYPTION_KEY", settings.oidc_encryption_key),
    ):
        problem = _path_problem(var, path)
        if problem:
            problems.append(problem)
            continue
        assert path is not None
        try:
            load_rsa_key(path)
        except KeyMaterialError as exc:
            problems.append(f"{var}: {exc}")
    return problems


def _audit_gaps(settings: Settings, state: Path) -> dict[str, object]:
    updates: dict[str, object] = {}
    if settings.audit_checkpoint_key is None:
        updates["audit_checkpoint_key"] = checkpoints.generate_key(state / "audit" / "checkpoint-ed25519.pem")
    if settings.audit_checkpoint_file is None:
        updates["audit_checkpoint_file"] = state / "audit" / "checkpoints.jsonl"
    return updates


def _fill_development_gaps(settings: Settings) -> Settings:
    state = settings.state_dir.resolve()
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    updates: dict[str, object] = {"state_dir": state}
    if settings.public_url is None:
        updates["public_url"] = f"https://localhost:{settings.port}"
    public_url = str(updates.get("public_url", settings.public_url)).rstrip("/")
    if settings.database_url is None:
        updates["database_url"] = f"sqlite+aiosqlite:///{state / 'alusta.db'}"
    if settings.tls_cert is None or settings.tls_key is None:
        tls = ensure_dev_tls(state)
        updates |= {"tls_cert": tls.cert, "tls_key": tls.key}
    if settings.key_file is None:
        updates["key_file"] = ensure_keyring(state / "keys" / "kek.json")
    updates |= _audit_gaps(settings, state)
    if settings.oidc_signing_key is None:
        updates["oidc_signing_key"] = ensure_rsa_key(state / "oidc" / "rp-signing.pem")
    if settings.oidc_encryption_key is None:
        updates["oidc_encryption_key"] = ensure_rsa_key(state / "oidc" / "rp-encryption.pem")
    if settings.oidc_issuer is None:
        updates["oidc_issuer"] = public_url + TEST_IDP_PATH
    if settings.oidc_ca_file is None and (state / "tls" / "ca.pem").is_file():
        updates["oidc_ca_file"] = state / "tls" / "ca.pem"  # the dev CA signs the test IdP's certificate
    if settings.oidc_client_id is None:
        updates["oidc_client_id"] = DEV_CLIENT_ID
    return settings.model_copy(update=updates)
