"""The `unionkb` command as a user runs it: a real process, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

SAMPLE = Path(str(resources.files("crawler").joinpath("data/sample_page.txt")))
COMMANDS = ["demo", "serve", "ingest-text", "split", "extract", "reindex", "stats", "eval",
            "crawl", "reparse", "quarantine"]


def unionkb(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "UNIONKB_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "indexer.cli", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, tmp_path: Path) -> None:
    result = unionkb(command, "--help", home=tmp_path)
    assert result.returncode == 0 and "usage: unionkb" in result.stdout
    # A description, and examples that run the command itself.
    description = result.stdout.split("\n\n")[1]
    assert len(description) > 40 and not description.startswith(("options", "positional"))
    examples = result.stdout.split("\nexamples:\n")[1].split("\n\n")[0].splitlines()
    assert examples and all(f"unionkb {command}" in line for line in examples)


def test_crawl_help_lists_every_configured_paper(tmp_path: Path) -> None:
    from crawler.papers import load_papers

    text = unionkb("crawl", "--help", home=tmp_path).stdout
    listed = text.split("configured papers (code, name, template):\n")[1]
    for paper in load_papers().values():
        assert f"  {paper.code:<8} {paper.name}  ({paper.template}" in listed


def test_options_show_their_defaults_and_the_version_is_printed(tmp_path: Path) -> None:
    assert "port to listen on (default: 8000)" in unionkb("serve", "--help", home=tmp_path).stdout
    from importlib.metadata import version

    result = unionkb("--version", home=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"unionkb {version('unionkb')}"


def test_split_prints_the_articles_as_json(tmp_path: Path) -> None:
    result = unionkb("split", str(SAMPLE), home=tmp_path)
    articles = json.loads(result.stdout)
    assert len(articles) == 7
    assert articles[1]["title"].startswith("青海工会打造")
    assert {"title", "kicker", "subtitle", "byline", "reporters", "body"} <= set(articles[0])


def test_extract_reads_standard_input(tmp_path: Path) -> None:
    text = "近日,甘肃省张掖市民乐县总工会在全县19个工会驿站设立“劳动者说”互动角。"
    result = unionkb("extract", "-", home=tmp_path, stdin=text)
    extraction = json.loads(result.stdout)
    assert extraction["primary_region"]["adcode"] == "620722"
    assert any(p["name"] == "劳动者说" for p in extraction["programmes"])


def test_ingest_then_stats_then_ingest_again(tmp_path: Path) -> None:
    first = json.loads(unionkb("ingest-text", str(SAMPLE), "--source", "grrb",
                               "--date", "2025-03-19", "--quiet", home=tmp_path).stdout)
    assert first["inserted"] == 7 and first["indexed"] == 7
    again = json.loads(unionkb("ingest-text", str(SAMPLE), "--source", "grrb",
                               "--date", "2025-03-19", "--quiet", home=tmp_path).stdout)
    assert again["unchanged"] == 7 and again["inserted"] == 0 and again["indexed"] == 0
    stats = json.loads(unionkb("stats", home=tmp_path).stdout)
    assert stats["articles"] == 7 and stats["indexed"] == 7
    assert stats["by_source"] == {"grrb": 7}
    assert stats["pending"] == {"extraction": 0, "index": 0}
    assert stats["tables"]["current"] is True and stats["tables"]["stale_articles"] == 0
    assert stats["stories"] == {"stories": 7, "printings": 7, "pending": 0}


def test_stats_count_what_an_interrupted_run_left(tmp_path: Path) -> None:
    from crawler.textdump import articles_from_page_text
    from indexer.archive import Archive

    articles = articles_from_page_text(SAMPLE.read_text("utf-8"), "grrb", "2025-03", None)
    with Archive(tmp_path / "archive.sqlite3") as archive:
        for article in articles[:3]:  # stored, then the run was killed
            archive.upsert(article)
    stats = json.loads(unionkb("stats", home=tmp_path).stdout)
    assert stats["pending"] == {"extraction": 3, "index": 0}
    # Opening the archive derived nothing: the tables wait for the next ingest.
    assert stats["tables"]["current"] is False


def test_unreadable_and_empty_files_are_quarantined(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\x81\xff\x00\xfe" * 50)  # no text in any encoding
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    result = unionkb("ingest-text", str(garbage), str(empty), "--quiet", home=tmp_path / "h")
    assert result.returncode == 1
    assert f"quarantined {garbage}" in result.stderr and f"quarantined {empty}" in result.stderr
    stats = json.loads(unionkb("stats", home=tmp_path / "h").stdout)
    assert stats["quarantined"] == 2 and stats["articles"] == 0


def test_the_quarantine_is_listed_and_its_kept_input_printed(tmp_path: Path) -> None:
    from indexer.archive import Archive

    home = tmp_path / "h"
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\x81\xff\x00\xfe" * 50)  # no text in any encoding
    unionkb("ingest-text", str(garbage), "--quiet", home=home)
    with Archive(home / "archive.sqlite3") as archive:
        archive.quarantine("crawl", "http://127.0.0.1/x.htm", "parse: no body", "<html>半页")

    listed = json.loads(unionkb("quarantine", "--json", home=home).stdout)
    assert [(e["kind"], e["origin"]) for e in listed] == [
        ("text", str(garbage)), ("crawl", "http://127.0.0.1/x.htm")]
    assert listed[1]["payload_chars"] == len("<html>半页")
    only_crawl = json.loads(unionkb("quarantine", "--kind", "crawl", "--json", home=home).stdout)
    assert [e["seq"] for e in only_crawl] == [listed[1]["seq"]]
    table = unionkb("quarantine", home=home).stdout
    assert "parse: no body" in table and "2 quarantined" in table

    shown = unionkb("quarantine", "--show", str(listed[1]["seq"]), home=home)
    assert shown.returncode == 0 and shown.stdout == "<html>半页"
    missing = unionkb("quarantine", "--show", "999", home=home)
    assert missing.returncode == 2 and "no quarantine entry 999" in missing.stderr


def test_a_missing_file_gets_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = unionkb("split", str(tmp_path / "nope.txt"), home=tmp_path)
    assert result.returncode == 2
    assert "nope.txt" in result.stderr and "Traceback" not in result.stderr
