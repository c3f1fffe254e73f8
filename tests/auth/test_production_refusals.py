"""The test IdP never exists in production; synthetic identities are refused there."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from litestar.config.app import AppConfig
from litestar.datastructures import State

from alusta.auth.plugin import AuthPlugin
from alusta.auth.testidp.app import IdpRefusedError, build_test_idp
from alusta.auth.tokens import LOA2, Expected, LoginError, validate_id_token
from alusta.crypto.devmaterial import ensure_keyring, ensure_rsa_key
from alusta.settings import Environment, Settings


def _production_settings(tmp_path: Path) -> Settings:
    keyring = ensure_keyring(tmp_path / "kek.json")
    return Settings(
        environment=Environment.PRODUCTION,
        state_dir=tmp_path,
        public_url="https://alusta.example.test",
        key_file=keyring,
        oidc_issuer="https://broker.example.test/oidc",
        oidc_client_id="alusta",
        oidc_signing_key=ensure_rsa_key(tmp_path / "sig.pem"),
        oidc_encryption_key=ensure_rsa_key(tmp_path / "enc.pem"),
    )


def test_plugin_mounts_no_test_idp_in_production(tmp_path: Path) -> None:
    config = AppConfig(state=State({"sessionmaker": object()}))
    config = AuthPlugin(_production_settings(tmp_path)).on_app_init(config)
    paths = {getattr(handler, "path", "") for handler in config.route_handlers}
    assert "/test-idp" not in paths
    assert "/auth" in paths
    assert "test_idp" not in config.state


def test_builder_refuses_production(tmp_path: Path) -> None:
    with pytest.raises(IdpRefusedError):
        build_test_idp(_production_settings(tmp_path), "https://alusta.example.test")


def test_cli_refuses_production(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ALUSTA_")}
    environment["ALUSTA_ENVIRONMENT"] = "production"
    result = subprocess.run(
        [sys.executable, "-m", "alusta.cli", "test-idp", "--port", "1"],
        env=environment,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0  # settings refuse production without real material, IdP refuses anyway


def test_synthetic_hetu_refused_in_production_claims() -> None:
    import time  # noqa: PLC0415

    now = int(time.time())
    claims = {
        "iss": "https://broker.example.test/oidc",
        "aud": "alusta",
        "exp": now + 60,
        "iat": now,
        "nonce": "n",
        "sub": "s",
        "acr": LOA2,
        "urn:oid:1.2.246.21": "010594Y9032",
    }
    production = Expected("https://broker.example.test/oidc", "alusta", "n", LOA2, 60, allow_synthetic=False)
    with pytest.raises(LoginError) as info:
        validate_id_token(claims, production)
    assert info.value.reason == "id_token_hetu_invalid"
    development = Expected("https://broker.example.test/oidc", "alusta", "n", LOA2, 60, allow_synthetic=True)
    assert validate_id_token(claims, development).value == "010594Y9032"
