"""Every ``alusta ...`` command the manifests run exists in the click group (``alusta.cli.main``).

Commands other issues have not delivered yet are listed in PENDING: strict xfail, so the moment a
command lands the test turns red until it is taken off the list. Options the manifests pass must
exist on their command too.
"""

import click
import pytest

from alusta.cli import main
from k8s.manifests import OVERLAYS, pod_specs, render_overlay

PENDING: dict[tuple[str, ...], str] = {}


def manifest_commands() -> set[tuple[str, ...]]:
    commands: set[tuple[str, ...]] = set()
    for overlay in OVERLAYS:
        for _doc, spec in pod_specs(render_overlay(overlay)):
            for container in spec["containers"]:
                # The image's entrypoint is `python3 -m alusta.cli`; args name the command.
                if "alusta/alusta" in container["image"] and "command" not in container:
                    args = container["args"]
                    options = [i for i, arg in enumerate(args) if arg.startswith("-")]
                    commands.add(tuple(args[: options[0]] if options else args))
    return commands


def resolve(words: tuple[str, ...]) -> click.Command | None:
    command: click.Command = main
    for word in words:
        if not isinstance(command, click.Group) or word not in command.commands:
            return None
        command = command.commands[word]
    return None if isinstance(command, click.Group) else command


COMMANDS = sorted(manifest_commands())


def test_manifests_name_the_expected_commands() -> None:
    expected = {
        ("serve",),
        ("db", "upgrade"),
        ("retention", "run"),
        ("requests", "remind"),
        ("requests", "run-exports"),
    }
    assert expected <= set(COMMANDS)
    assert set(PENDING) <= set(COMMANDS)


@pytest.mark.parametrize(
    "words",
    [
        pytest.param(words, marks=pytest.mark.xfail(strict=True, reason=PENDING[words])) if words in PENDING else words
        for words in COMMANDS
    ],
    ids=" ".join,
)
def test_command_exists_in_the_cli(words: tuple[str, ...]) -> None:
    assert resolve(words) is not None, "alusta " + " ".join(words)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_manifest_options_exist_on_their_command(overlay: str) -> None:
    for _doc, spec in pod_specs(render_overlay(overlay)):
        for container in spec["containers"]:
            args = container.get("args", [])
            options = [arg for arg in args if arg.startswith("--")]
            command = resolve(tuple(args[: args.index(options[0])])) if options else None
            if command is None:
                continue
            known = {name for param in command.params for name in getattr(param, "opts", [])}
            assert set(options) <= known, (container["name"], set(options) - known)


def test_resolve_rejects_unknown_commands() -> None:
    assert resolve(("db", "upgrade")) is not None
    assert resolve(("db",)) is None
    assert resolve(("no-such-command",)) is None
