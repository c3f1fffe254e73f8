"""Build hook: put the Alembic scripts into the standard wheel only.

An editable install reads ``migrations/`` from the source tree; copying it into site-packages
would leave a stale second copy there.
"""

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class MigrationsInWheel(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data["force_include"]["migrations"] = "alusta/_migrations"
