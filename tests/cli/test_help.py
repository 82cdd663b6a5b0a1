"""The help a newcomer reads: every option described, metavars spelt one way, the shipped
bills listed, and check's rule ids and exit statuses."""

from __future__ import annotations

import click
import pytest
from clausewise.cli import main
from clausewise.compare.checks.rules import RULES
from clausewise.drafts.billfile import shipped_bills

from tests.helpers import run_cli


def _commands(group: click.Group, path=()):
    for name, cmd in group.commands.items():
        yield (*path, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*path, name))


COMMANDS = sorted(_commands(main))


@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_option_is_described_and_named_one_way(path, cmd):
    assert cmd.help, path
    for param in cmd.params:
        if not isinstance(param, click.Option) or param.name == "help":
            continue
        assert param.help, (path, param.name)
        if param.is_flag or isinstance(param.type, click.Choice):
            continue
        # One spelling: an explicit upper-case word, never click's TEXT/DIRECTORY guesses.
        if isinstance(param.type, click.Path) and not param.type.file_okay:
            assert param.metavar == "DIR", (path, param.name)
        if param.name == "fmt":
            assert param.make_metavar(click.Context(cmd)) in ("FORMAT", "FORMAT,...")
        else:
            assert param.metavar and param.metavar.isupper(), (path, param.name)


def test_help_runs_for_every_command():
    for path, _cmd in COMMANDS:
        r = run_cli(*path, "--help")
        assert r.exit_code == 0, (path, r.output)
        assert "DIRECTORY" not in r.stdout and " TEXT " not in r.stdout


@pytest.mark.parametrize("command", ["build", "check", "compare"])
def test_bill_commands_list_the_shipped_bills(command):
    out = run_cli(command, "--help").stdout
    assert f"shipped  {', '.join(shipped_bills())}" in out
    assert "./drafts/NAME.yaml, else ./NAME.yaml, else the shipped bill NAME" in out


def test_check_help_lists_rule_ids_and_exit_statuses():
    out = run_cli("check", "--help").stdout
    for rule, (severity, _) in RULES.items():
        assert f"  {rule}" in out and f"{severity}:" in out
    exit_part = out.split("Exit status:")[1]
    for status in ("0", "1", "2", "3", "130"):
        assert f"\n  {status} " in exit_part


def test_root_help_gives_exit_statuses_and_environment():
    out = run_cli("--help").stdout
    assert "Exit status:" in out and "Environment:" in out
    assert "CLAUSEWISE_CORPUS" in out and "--debug" in out
