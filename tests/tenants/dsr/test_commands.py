"""``alusta requests remind`` and ``alusta requests run-exports`` as an operator runs them."""

import os
from pathlib import Path

import pytest

from fixtures.cli import run_cli

pytestmark = pytest.mark.slow


def test_remind_and_run_exports_commands(tmp_path: Path) -> None:
    env = {**os.environ, "ALUSTA_ENVIRONMENT": "test", "ALUSTA_STATE_DIR": str(tmp_path / "state")}
    env.pop("ALUSTA_SMTP_HOST", None)
    assert run_cli("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    remind = run_cli("requests", "remind", env=env, cwd=tmp_path)
    assert remind.returncode == 0, remind.stderr
    assert "reminders added: 0, e-mailed: 0, failed: 0" in remind.stdout
    exports = run_cli("requests", "run-exports", env=env, cwd=tmp_path)
    assert exports.returncode == 0, exports.stderr
    assert "export jobs run: 0" in exports.stdout
