"""`unionkb saved list|add|remove` as a subprocess, on a fresh data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.saved_searches import saved_searches


def unionkb(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "UNIONKB_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_add_list_remove(tmp_path: Path) -> None:
    added = unionkb("saved", "add", "青海驿站", "--query", "工会驿站", "--filter",
                    "province=青海省", "--filter", "province=甘肃省", "--from", "2024",
                    home=tmp_path)
    assert added.returncode == 0, added.stderr
    saved = json.loads(added.stdout)
    assert saved["filters"] == {"province": ["青海省", "甘肃省"]} and saved["date_from"] == "2024"
    with Archive(tmp_path / "archive.sqlite3") as archive:
        assert [s.name for s in saved_searches(archive)] == ["青海驿站"]  # in the archive
    listed = unionkb("saved", "list", "--json", home=tmp_path)
    assert json.loads(listed.stdout) == [saved]
    assert "青海驿站" in unionkb("saved", "list", home=tmp_path).stdout
    assert unionkb("saved", "remove", str(saved["id"]), home=tmp_path).returncode == 0
    assert json.loads(unionkb("saved", "list", "--json", home=tmp_path).stdout) == []


@pytest.mark.parametrize(("args", "says"), [
    (("add", "x", "--filter", "colour=red"), "unknown facet"),
    (("add", "x", "--filter", "province"), "FACET=VALUE"),
    (("add", "x", "--to", "2025-13"), "date"),
    (("add", " "), "name"),
    (("remove", "41"), "no saved search 41"),
])
def test_refusals_say_why_with_status_2(tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    result = unionkb("saved", *args, home=tmp_path)
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr
