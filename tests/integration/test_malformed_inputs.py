"""A thousand files of 26 malformed (and a few good) kinds through one `unionkb ingest-text`.

The rule under test is the README's: every input file is stored or quarantined with
the reason. So the run must end with stored + quarantined == files, each quarantined
file's reason naming what was wrong with it, no junk stored as an article, no
traceback, and an exit status that says something was quarantined. It runs as one
real process; as root, without the right to read what file modes forbid, so an
unreadable file is unreadable.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indexer.archive import Archive
from indexer.input_files import MAX_FILE_BYTES, display_path
from indexer.models import has_words
from indexer.search.query import SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from tests.generated_pages import ARTICLES_PER_PAGE, page_text

PER_KIND = 40
STORED = None  # the expected reason of a file that is stored: none


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[Path, int], Path]  # (folder, n) -> the path to give ingest-text
    reason: str | None  # how the quarantine reason starts; None: the file is stored
    new_articles: int = 0  # what each file adds to the archive


def _write(data: bytes) -> Callable[[Path, int], Path]:
    return lambda folder, n: _file(folder / f"{n}.txt", data)


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _page(encoding: str, bom: bool = False) -> Callable[[Path, int], Path]:
    def make(folder: Path, n: int) -> Path:
        text = ("\ufeff" if bom else "") + page_text(n)
        return _file(folder / f"{n}.txt", text.encode(encoding))
    return make


def _truncated_utf8(folder: Path, n: int) -> Path:
    return _file(folder / f"{n}.txt", page_text(n).rstrip("\n").encode("utf-8")[:-1])


def _with_nuls(folder: Path, n: int) -> Path:
    return _file(folder / f"{n}.txt", page_text(n).replace("职工", "职\0工").encode("utf-8"))


def _long_line(folder: Path, n: int) -> Path:
    line = f"第{n}段" + "工会组织职工开展技能竞赛,提升职工技能水平," * 500 + "。"
    return _file(folder / f"{n}.txt", f"职工技能竞赛第{n}场\n本报讯 {line}\n".encode())


def _random_bytes(folder: Path, n: int) -> Path:
    return _file(folder / f"{n}.bin", random.Random(n).randbytes(2048))


def _html(folder: Path, n: int) -> Path:
    body = page_text(n).replace("\n", "</p><p>")
    return _file(folder / f"{n}.html",
                 f"<!DOCTYPE html><html><head><title>版面{n}</title></head><body><p>{body}"
                 "</p></body></html>".encode())


def _non_utf8_name(good: bool) -> Callable[[Path, int], Path]:
    def make(folder: Path, n: int) -> Path:
        name = os.fsdecode(b"\xff\xfe-%d.txt" % n)
        data = page_text(n).encode("utf-8") if good else b"\x81\xff\x00\xfe" * 8
        return _file(folder / name, data)
    return make


def _symlink(target: str) -> Callable[[Path, int], Path]:
    def make(folder: Path, n: int) -> Path:
        (folder / f"{n}.txt").symlink_to(target)
        return folder / f"{n}.txt"
    return make


def _fifo(folder: Path, n: int) -> Path:
    os.mkfifo(folder / f"{n}.txt")
    return folder / f"{n}.txt"


def _directory(folder: Path, n: int) -> Path:
    (folder / f"{n}.txt").mkdir()
    return folder / f"{n}.txt"


def _too_large(folder: Path, n: int) -> Path:
    with open(folder / f"{n}.txt", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1 + n)  # sparse: costs no disk
    return folder / f"{n}.txt"


def _duplicate(folder: Path, n: int) -> Path:
    return _file(folder / f"{n}.txt", page_text(n).encode("utf-8"))  # as "valid page" n


def _unreadable(folder: Path, n: int) -> Path:
    path = _file(folder / f"{n}.txt", page_text(n).encode("utf-8"))
    path.chmod(0)
    return path


KINDS = (
    Kind("empty", _write(b""), "empty file"),
    Kind("whitespace only", _write(b" \n\t\r\n  \n"), "no text: only whitespace"),
    Kind("control bytes", _write(b"\x10\x04\x08\n\x01\x02\x1b"), "binary data, not text"),
    Kind("zero-width only", _write("\u200b\u200c\n\ufeff\u200b\n".encode()), "no text"),
    Kind("punctuation only", _write("。。。!!\n,,,,——\n".encode()), "no words"),
    Kind("headline only", _write("青海工会打造三大品牌\n".encode()), "none of its 1 article(s)"),
    Kind("prose without headline", _write("这是一段没有标题的文字,它在句中断开".encode()),
         "none of its 1 article(s)"),
    Kind("valid page", _page("utf-8"), STORED, ARTICLES_PER_PAGE),
    Kind("truncated UTF-8", _truncated_utf8, STORED, ARTICLES_PER_PAGE),
    Kind("UTF-8 with BOM", _page("utf-8-sig"), STORED, ARTICLES_PER_PAGE),
    Kind("UTF-16 LE BOM", _page("utf-16-le", bom=True), STORED, ARTICLES_PER_PAGE),
    Kind("UTF-16 BE BOM", _page("utf-16-be", bom=True), STORED, ARTICLES_PER_PAGE),
    Kind("UTF-32 BOM", _page("utf-32"), STORED, ARTICLES_PER_PAGE),
    Kind("GB18030", _page("gb18030"), STORED, ARTICLES_PER_PAGE),
    Kind("NUL bytes inside text", _with_nuls, STORED, ARTICLES_PER_PAGE),
    Kind("very long line", _long_line, STORED, 1),
    Kind("duplicate of another file", _duplicate, STORED),
    Kind("random bytes", _random_bytes, "neither UTF-8 nor GB18030"),
    Kind("HTML page", _html, "an HTML page, not a page-text dump"),
    Kind("non-UTF-8 name, garbage", _non_utf8_name(good=False), "neither UTF-8 nor GB18030"),
    Kind("non-UTF-8 name, valid page", _non_utf8_name(good=True), STORED, ARTICLES_PER_PAGE),
    Kind("symlink to /dev/zero", _symlink("/dev/zero"), "a character device"),
    Kind("symlink to /dev/urandom", _symlink("/dev/urandom"), "a character device"),
    Kind("broken symlink", _symlink("/nonexistent/page.txt"), "a broken symbolic link"),
    Kind("FIFO", _fifo, "a named pipe (FIFO)"),
    Kind("directory", _directory, "a directory"),
    Kind("too large", _too_large, "too large"),
    Kind("unreadable (mode 000)", _unreadable, "permission denied"),
    Kind("missing", lambda folder, n: folder / f"{n}.txt", "no such file"),
)

VALID = next(k for k, kind in enumerate(KINDS) if kind.name == "valid page")


def make_inputs(root: Path) -> list[tuple[Kind, Path]]:
    inputs = []
    for k, kind in enumerate(KINDS):
        folder = root / f"kind-{k:02d}"
        folder.mkdir(parents=True)
        # The duplicates copy the valid pages' texts; every other kind has pages of its own.
        base = 1000 * (VALID if kind.name == "duplicate of another file" else k)
        inputs += [(kind, kind.make(folder, base + n)) for n in range(PER_KIND)]
    random.Random(7).shuffle(inputs)
    return inputs


def without_root_file_access() -> None:
    """Drop the capabilities that let root read any file (in the child, before exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_a_thousand_malformed_files_are_each_stored_or_quarantined(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")
    assert len(inputs) >= 1000 and len(KINDS) >= 18
    home = tmp_path / "home"
    result = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "ingest-text", *(os.fsencode(p) for _, p in inputs),
         "--source", "grrb", "--quiet"],
        capture_output=True, env={**os.environ, "UNIONKB_HOME": str(home)}, timeout=300,
        preexec_fn=without_root_file_access if os.geteuid() == 0 else None,
    )
    output = (result.stdout + result.stderr).decode("utf-8")
    assert "Traceback" not in output, output[-3000:]
    report = json.loads(result.stdout)
    expected_stored = [p for kind, p in inputs if kind.reason is STORED]

    assert report["files"] == len(inputs)
    assert report["files_stored"] + report["files_quarantined"] == report["files"]
    assert report["files_stored"] == len(expected_stored)
    assert result.returncode == 1 and report["quarantined"] >= report["files_quarantined"]

    with Archive(home / "archive.sqlite3") as archive:
        entries = {e["origin"]: e["reason"] for e in archive.quarantined("text")}
        articles = list(archive.iter_articles(canonical_only=False))
        canonical = {a.id for a in archive.iter_articles()}
    wrong = [(kind.name, display_path(p), entries.get(display_path(p)))
             for kind, p in inputs
             if kind.reason is not STORED and not entries.get(display_path(p), "").startswith(
                 kind.reason)]
    assert wrong == []
    assert len(entries) == report["files_quarantined"]
    assert all(has_words(a.title) and has_words(a.body) for a in articles)
    new_articles = sum(kind.new_articles for kind, _ in inputs)
    assert report["inserted"] == len(canonical) == len(articles) == new_articles
    assert report["unchanged"] == PER_KIND * ARTICLES_PER_PAGE  # the duplicates
    # A headline alone, or prose alone, is split into one article that cannot be stored.
    assert report["articles_quarantined"] == 2 * PER_KIND
    backend = TantivyBackend(home / "index")
    assert backend.count(SearchQuery()) == len(canonical)
    backend.close()
    print(figures(inputs, entries, report))


def figures(inputs: list[tuple[Kind, Path]], entries: dict[str, str], report: dict) -> str:
    """The run in numbers, for the README (pytest -s shows it)."""
    reasons = Counter(entries[display_path(p)].split(":")[0].split(" (")[0]
                      for kind, p in inputs if kind.reason is not STORED)
    lines = [f"files {report['files']}, stored {report['files_stored']}, quarantined "
             f"{report['files_quarantined']} (repaired {report['files_repaired']}); articles "
             f"{report['inserted']} new, {report['unchanged']} unchanged, "
             f"{report['duplicates']} duplicates, {report['articles_quarantined']} quarantined"]
    lines += [f"  {n:>4}  {reason}" for reason, n in reasons.most_common()]
    return "\n".join(lines)
