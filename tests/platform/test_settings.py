"""Settings: fail closed in production (one test per missing or weak setting), generate in dev."""

import stat
from pathlib import Path

import pytest

from alusta.audit import checkpoints
from alusta.crypto.devmaterial import ensure_dev_tls, ensure_keyring, ensure_rsa_key
from alusta.settings import Environment, Settings
from alusta.settings_resolve import SettingsError, audit_checkpoint_settings, migration_url, resolve_settings


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, object]:
    """A complete, valid production configuration built from freshly generated material."""
    tls = ensure_dev_tls(tmp_path)
    token = tmp_path / "metrics-token"
    token.write_text("m" * 48 + "\n")
    return {
        "environment": Environment.PRODUCTION,
        "database_url": "postgresql+asyncpg://alusta_app@db.example.test/alusta",
        "public_url": "https://alusta.example.test",
        "tls_cert": tls.cert,
        "tls_key": tls.key,
        "key_file": ensure_keyring(tmp_path / "kek.json"),
        "oidc_issuer": "https://idp.example.test/oidc",
        "oidc_client_id": "alusta-prod",
        "oidc_signing_key": ensure_rsa_key(tmp_path / "sig.pem"),
        "oidc_encryption_key": ensure_rsa_key(tmp_path / "enc.pem"),
        "metrics_token_file": token,
    }


def problems_for(values: dict[str, object]) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        resolve_settings(Settings(**values))  # type: ignore[arg-type]
    return caught.value.problems


def test_complete_production_settings_are_accepted(production_env: dict[str, object]) -> None:
    settings = resolve_settings(Settings(**production_env))  # type: ignore[arg-type]
    assert settings.is_production


def test_environment_defaults_to_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALUSTA_ENVIRONMENT", raising=False)
    assert Settings().environment is Environment.PRODUCTION


@pytest.mark.parametrize(
    ("field", "variable"),
    [
        ("database_url", "ALUSTA_DATABASE_URL"),
        ("public_url", "ALUSTA_PUBLIC_URL"),
        ("tls_cert", "ALUSTA_TLS_CERT"),
        ("tls_key", "ALUSTA_TLS_KEY"),
        ("key_file", "ALUSTA_KEY_FILE"),
        ("oidc_issuer", "ALUSTA_OIDC_ISSUER"),
        ("oidc_client_id", "ALUSTA_OIDC_CLIENT_ID"),
        ("oidc_signing_key", "ALUSTA_OIDC_SIGNING_KEY"),
        ("oidc_encryption_key", "ALUSTA_OIDC_ENCRYPTION_KEY"),
        ("metrics_token_file", "ALUSTA_METRICS_TOKEN_FILE"),
    ],
)
def test_production_refuses_a_missing_setting(production_env: dict[str, object], field: str, variable: str) -> None:
    production_env[field] = None
    problems = problems_for(production_env)
    assert len(problems) == 1
    assert problems[0].startswith(variable)


def test_production_refuses_sqlite(production_env: dict[str, object]) -> None:
    production_env["database_url"] = "sqlite+aiosqlite:///alusta.db"
    assert problems_for(production_env) == [
        "ALUSTA_DATABASE_URL must be postgresql+asyncpg:// in production (SQLite is for development)"
    ]


@pytest.mark.parametrize("field", ["public_url", "oidc_issuer"])
def test_production_refuses_plain_http_urls(production_env: dict[str, object], field: str) -> None:
    production_env[field] = "http://alusta.example.test"
    assert "must be an https:// URL" in problems_for(production_env)[0]


def test_production_refuses_the_built_in_test_idp(production_env: dict[str, object]) -> None:
    production_env["oidc_issuer"] = "https://alusta.example.test/test-idp"
    assert problems_for(production_env) == ["ALUSTA_OIDC_ISSUER points at the built-in test identity provider"]


def test_production_refuses_weak_oidc_key(production_env: dict[str, object], tmp_path: Path) -> None:
    production_env["oidc_signing_key"] = ensure_rsa_key(tmp_path / "weak.pem", bits=1024)
    assert "at least 2048 required" in problems_for(production_env)[0]


def test_production_refuses_a_world_readable_key_file(production_env: dict[str, object]) -> None:
    key_file = production_env["key_file"]
    assert isinstance(key_file, Path)
    key_file.chmod(0o644)
    assert "readable by group or others" in problems_for(production_env)[0]


def test_production_refuses_a_short_kek(production_env: dict[str, object], tmp_path: Path) -> None:
    short = tmp_path / "short.json"
    short.write_text('{"primary": "k1", "keys": {"k1": "c2hvcnQ="}}')
    short.chmod(0o600)
    production_env["key_file"] = short
    assert "are not 256-bit" in problems_for(production_env)[0]


def test_production_refuses_mismatched_tls_pair(production_env: dict[str, object], tmp_path: Path) -> None:
    production_env["tls_key"] = ensure_rsa_key(tmp_path / "other.pem")
    assert "does not belong to the key" in problems_for(production_env)[0]


def test_production_refuses_insecure_transport_escape_hatch(
    production_env: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    assert problems_for(production_env) == ["AUTHLIB_INSECURE_TRANSPORT must not be set in production"]


def test_development_generates_material_once_and_reuses_it(tmp_path: Path) -> None:
    first = resolve_settings(Settings(environment=Environment.DEVELOPMENT, state_dir=tmp_path))
    assert first.tls_cert is not None
    assert first.key_file is not None
    assert first.oidc_signing_key is not None
    fingerprints = {p: p.read_bytes() for p in (first.tls_cert, first.key_file, first.oidc_signing_key)}
    second = resolve_settings(Settings(environment=Environment.DEVELOPMENT, state_dir=tmp_path))
    assert {p: p.read_bytes() for p in fingerprints} == fingerprints
    assert second.database_url == f"sqlite+aiosqlite:///{tmp_path.resolve() / 'alusta.db'}"
    assert stat.S_IMODE(first.key_file.stat().st_mode) == 0o600


def test_trusted_proxies_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALUSTA_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.10")
    assert Settings().trusted_proxies == ("10.0.0.0/8", "192.0.2.10")


def test_every_setting_has_a_description() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_allowed_hosts_come_from_public_url() -> None:
    settings = Settings(environment=Environment.PRODUCTION, public_url="https://alusta.example.test")
    assert settings.allowed_hosts() == ("alusta.example.test", "alusta.example.test:443")


def test_schema_commands_need_only_the_database_url_in_production() -> None:
    url = "postgresql+asyncpg://alusta_owner@db.example.test/alusta"
    assert migration_url(Settings(environment=Environment.PRODUCTION, migration_database_url=url)) == url
    with pytest.raises(SettingsError, match="ALUSTA_MIGRATION_DATABASE_URL"):
        migration_url(Settings(environment=Environment.PRODUCTION))
    with pytest.raises(SettingsError, match="postgresql"):
        migration_url(Settings(environment=Environment.PRODUCTION, database_url="sqlite+aiosqlite:///x.db"))


# --- /metrics is never public in production (issue 17 point 8) ----------------------------------


@pytest.mark.parametrize("content", ["short-token", "x" * 20 + " " + "y" * 20, ""])
def test_production_refuses_a_weak_metrics_token(production_env: dict[str, object], content: str) -> None:
    Path(str(production_env["metrics_token_file"])).write_text(content)
    problems = problems_for(production_env)
    assert len(problems) == 1
    assert problems[0].startswith("ALUSTA_METRICS_TOKEN_FILE: the token in ")
    assert content not in problems[0] or not content  # the message never quotes the token


def test_production_refuses_an_unreadable_metrics_token(production_env: dict[str, object], tmp_path: Path) -> None:
    production_env["metrics_token_file"] = tmp_path / "missing-token"
    assert problems_for(production_env) == [
        f"ALUSTA_METRICS_TOKEN_FILE points to {tmp_path / 'missing-token'}, which is not a readable file"
    ]


def test_metrics_port_must_differ_from_the_service_port(production_env: dict[str, object]) -> None:
    production_env |= {"port": 8443, "metrics_port": 8443}
    assert problems_for(production_env) == ["ALUSTA_METRICS_PORT must differ from ALUSTA_PORT"]


def test_development_checks_a_metrics_token_when_one_is_given(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("too-short")
    values = {"environment": Environment.DEVELOPMENT, "state_dir": tmp_path, "metrics_token_file": tmp_path / "token"}
    assert problems_for(values)[0].startswith("ALUSTA_METRICS_TOKEN_FILE: the token in ")
    values.pop("metrics_token_file")
    assert resolve_settings(Settings(**values)).metrics_token_file is None  # type: ignore[arg-type]


def test_audit_checkpoint_commands_refuse_production_without_a_key(
    production_env: dict[str, object], tmp_path: Path
) -> None:
    """Issue 17 item 6: fail closed; the web service itself never needs the signing key."""
    settings = resolve_settings(Settings(**production_env))  # type: ignore[arg-type]
    with pytest.raises(SettingsError) as caught:
        audit_checkpoint_settings(settings)
    assert any("ALUSTA_AUDIT_CHECKPOINT_KEY is required" in p for p in caught.value.problems)
    assert any("ALUSTA_AUDIT_CHECKPOINT_FILE is required" in p for p in caught.value.problems)

    key = checkpoints.generate_key(tmp_path / "audit-key.pem")
    sink = tmp_path / "sink" / "checkpoints.jsonl"
    complete = {**production_env, "audit_checkpoint_key": key, "audit_checkpoint_file": sink}
    with pytest.raises(SettingsError, match="does not exist"):
        audit_checkpoint_settings(Settings(**complete))  # type: ignore[arg-type]
    sink.parent.mkdir()
    assert audit_checkpoint_settings(Settings(**complete)) == (key, sink)  # type: ignore[arg-type]
    key.chmod(0o644)
    with pytest.raises(SettingsError, match="chmod 600"):
        audit_checkpoint_settings(Settings(**complete))  # type: ignore[arg-type]
    rsa_key = {**complete, "audit_checkpoint_key": ensure_rsa_key(tmp_path / "not-ed25519.pem")}
    with pytest.raises(SettingsError, match="not an Ed25519 key"):
        audit_checkpoint_settings(Settings(**rsa_key))  # type: ignore[arg-type]


def test_development_generates_the_audit_checkpoint_key(tmp_path: Path) -> None:
    settings = resolve_settings(Settings(environment=Environment.TEST, state_dir=tmp_path / "state"))
    key, sink = audit_checkpoint_settings(settings)
    assert key.is_file()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert sink.parent == key.parent
