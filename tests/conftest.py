"""Test-suite root: fixtures live in tests/fixtures/ as plugins (one module per concern)."""

pytest_plugins = [
    "fixtures.database",
    "fixtures.application",
    "fixtures.live_server",
    "fixtures.auth",
    "fixtures.tenancy",
    "fixtures.dsr",
    "fixtures.browser",
    "fixtures.html_check",
]
