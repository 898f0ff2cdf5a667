"""`unionkb` finds its commands: indexer's own, and the others through the
``unionkb.commands`` entry-point group; one that cannot load says so, not a traceback."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from importlib.metadata import EntryPoint, entry_points, version
from pathlib import Path

import pytest

from indexer import cli
from indexer.commands import Command

EVERY_COMMAND = {"split", "extract", "ingest-text", "crawl", "reparse", "reindex", "stats",
                 "quarantine", "eval", "saved", "serve", "demo"}
REGISTERED = {"crawl": "crawler.commands", "reparse": "crawler.commands",
              "ingest-text": "crawler.commands", "split": "crawler.commands",
              "serve": "web.commands", "demo": "web.commands"}
CONSOLE_SCRIPT = Path(sys.executable).with_name("unionkb")


def console(*args: str, home: Path) -> subprocess.CompletedProcess:
    # PYTHONPATH passes on: the script then runs the checkout under test (a worktree).
    passed = {k: os.environ[k] for k in ("PYTHONPATH",) if k in os.environ}
    return subprocess.run([str(CONSOLE_SCRIPT), *args], capture_output=True, text=True,
                          env={"UNIONKB_HOME": str(home), "PATH": "/usr/bin:/bin", **passed},
                          timeout=120)


def test_the_console_script_lists_every_command(tmp_path: Path) -> None:
    result = console("--help", home=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = re.search(r"\{([a-z,-]+)\}", result.stdout)
    assert listed and set(listed.group(1).split(",")) == EVERY_COMMAND
    described = {line.split()[0] for line in result.stdout.splitlines()
                 if re.match(r" {4}[a-z-]+ {2,}\S", line)}
    assert described == EVERY_COMMAND
    assert "UNIONKB_HOME" in result.stdout


def test_the_console_script_prints_the_version(tmp_path: Path) -> None:
    result = console("--version", home=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"unionkb {version('unionkb')}"


def test_the_other_packages_register_their_commands_in_the_group() -> None:
    entries = {e.name: e for e in entry_points(group=cli.ENTRY_POINT_GROUP)}
    assert {name: e.module for name, e in entries.items()} == REGISTERED
    assert all(isinstance(e.load(), Command) for e in entries.values())
    assert REGISTERED.keys() | cli.OWN_COMMANDS.keys() == EVERY_COMMAND


def subcommand_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


@pytest.mark.parametrize("name", sorted(EVERY_COMMAND))
def test_every_command_is_described_with_its_defaults(name: str) -> None:
    command = subcommand_parsers(cli.build_parser())[name]
    page = " ".join(command.format_help().split())
    assert command.description and " ".join(command.description.split()) in page
    for action in command._actions:
        assert action.help, f"{name} {action.dest}: no help"
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS):
            assert "default" in action.help or "(default: " in page, f"{name} {action.dest}"


def broken(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=cli.ENTRY_POINT_GROUP)


def test_a_command_that_cannot_load_says_why_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("UNIONKB_HOME", str(tmp_path))
    monkeypatch.setattr(cli, "entry_points", lambda group: [
        broken("crawl", "crawler.no_such_module:crawl"), broken("serve", "indexer.cli:main")])
    assert cli.main(["crawl", "grrb", "--from", "2024-01-01"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("unionkb crawl: cannot load crawler.no_such_module:crawl "
                          "(ModuleNotFoundError: No module named 'crawler.no_such_module')")
    assert "pip install -e ." in err and "Traceback" not in err
    assert cli.main(["serve"]) == 2
    assert "it is a function, not an indexer.commands.Command" in capsys.readouterr().err
    assert cli.main(["quarantine", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_without_the_group_a_missing_command_is_explained(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "entry_points", lambda group: [])
    with pytest.raises(SystemExit) as stopped:
        cli.main(["crawl", "grrb"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'crawl'" in err
    assert "no package registers commands in the 'unionkb.commands' entry-point group" in err


def test_an_unknown_option_is_refused_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["stats", "--bogus"])
    assert stopped.value.code == 2
    assert "unionkb: error: unrecognized arguments: --bogus" in capsys.readouterr().err
