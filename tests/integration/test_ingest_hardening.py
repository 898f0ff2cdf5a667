"""`unionkb ingest-text` loses nothing, reads boundedly, and says what went wrong.

Each test is one finding of the attack run on main, at the depth it was fixed: the id
rule, the bounded reader, the decoder, the validation of articles, the counting of
what failed. Most run the command in this process (`indexer.cli.main`); those that could
hang or need bytes in argv run it as a real process with a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import indexer.ingest as ingest
import indexer.nlp.pipeline as nlp
from crawler.textdump import articles_from_page_text
from indexer.archive import Archive
from indexer.cli import main
from indexer.ingest import process_pending, store_articles
from indexer.input_files import MAX_FILE_BYTES, UnusableFile, read_bounded
from indexer.models import Article, InvalidArticle, short_hash
from indexer.page_text import decode_page_text
from indexer.search.query import SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from tests.generated_pages import ARTICLES_PER_PAGE, page_text, write_pages
from tests.paths import FIXTURES

SAMPLE = Path(str(resources.files("crawler").joinpath("data/sample_page.txt")))
PAGES = FIXTURES / "pages"


def ingest_text(capsys: pytest.CaptureFixture[str], home: Path, *args: str | Path
                ) -> tuple[int, dict, str]:
    """Run `unionkb ingest-text ARGS --quiet` here: (exit status, JSON report, stderr)."""
    os.environ["UNIONKB_HOME"] = str(home)
    try:
        status = main(["ingest-text", *map(str, args), "--quiet"])
    finally:
        del os.environ["UNIONKB_HOME"]
    out, err = capsys.readouterr()
    return status, json.loads(out), err


def process(*args: str | bytes | Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "UNIONKB_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "indexer.cli", *map(os.fsencode, args)],
                          capture_output=True, env=env, timeout=120)


def quarantined(home: Path, kind: str | None = None) -> list[dict]:
    with Archive(home / "archive.sqlite3") as archive:
        return archive.quarantined(kind)


def searchable(home: Path) -> int:
    backend = TantivyBackend(home / "index")
    try:
        return backend.count(SearchQuery())
    finally:
        backend.close()


# -- 1. ids: different pages never share one ------------------------------------------


def test_pages_ingested_together_keep_every_article(capsys, tmp_path: Path) -> None:
    files = [SAMPLE, PAGES / "page_huzhou.txt", PAGES / "page_xinjiang.txt"]
    expected = sum(len(articles_from_page_text(f.read_text("utf-8"), "x", None)) for f in files)
    status, report, err = ingest_text(capsys, tmp_path / "h", *files, "--source", "工人日报")
    # The Xinjiang page opens with the end of a report from another page: no title.
    assert report["articles_quarantined"] == 1 and "empty title" in err
    assert report["inserted"] == expected - 1 and report["updated"] == 0
    assert searchable(tmp_path / "h") == expected - 1
    again = ingest_text(capsys, tmp_path / "h", *files, "--source", "工人日报")[1]
    assert (again["unchanged"], again["inserted"], again["updated"]) == (expected - 1, 0, 0)


def test_an_articles_id_does_not_depend_on_the_other_files(capsys, tmp_path: Path) -> None:
    pages = write_pages(tmp_path / "pages", 3)
    ingest_text(capsys, tmp_path / "together", *pages)
    ingest_text(capsys, tmp_path / "alone", pages[1])
    with Archive(tmp_path / "together" / "archive.sqlite3") as together, \
            Archive(tmp_path / "alone" / "archive.sqlite3") as alone:
        ids_alone = {a.id for a in alone.iter_articles()}
        assert len(ids_alone) == ARTICLES_PER_PAGE
        assert ids_alone < {a.id for a in together.iter_articles()}


def test_a_date_given_later_corrects_the_same_records(capsys, tmp_path: Path) -> None:
    page = write_pages(tmp_path / "pages", 1)[0]
    ingest_text(capsys, tmp_path / "h", page)
    status, report, _ = ingest_text(capsys, tmp_path / "h", page, "--date", "2025-03-19",
                                    "--source", "grrb")
    assert status == 0 and report["updated"] == ARTICLES_PER_PAGE
    with Archive(tmp_path / "h" / "archive.sqlite3") as archive:
        assert {(a.source, a.date) for a in archive.iter_articles(canonical_only=False)} == {
            ("grrb", "2025-03-19")}


def test_archives_made_with_the_old_ids_get_no_second_searchable_copy(tmp_path: Path) -> None:
    text = SAMPLE.read_text("utf-8")
    old = articles_from_page_text(text, "grrb", "2025-03")
    for position, article in enumerate(old, 1):  # the rule before: no page text in it
        article.id = short_hash("dump", "grrb", "2025-03", "", str(position))
    with Archive(tmp_path / "archive.sqlite3") as archive:
        backend = TantivyBackend(tmp_path / "index")
        store_articles(old, archive, "old run")
        process_pending(archive, backend)
        again = store_articles(articles_from_page_text(text, "grrb", "2025-03"), archive, "new")
        assert (again.inserted, again.duplicates) == (0, len(old))
        assert process_pending(archive, backend).indexed == 0
        assert backend.count(SearchQuery()) == archive.count() == len(old)
        backend.close()


# -- 2. bounded reads: devices, FIFOs, directories, huge files ----------------------------


def test_the_reader_refuses_what_is_no_regular_file_before_reading(tmp_path: Path) -> None:
    (tmp_path / "zero").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    with open(tmp_path / "huge", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk, but stat says how large
    reasons = {}
    for name in ("zero", "fifo", "folder", "dangling", "huge", "missing"):
        with pytest.raises(UnusableFile) as caught:
            read_bounded(tmp_path / name)
        reasons[name] = caught.value.reason
    assert reasons == {
        "zero": "a character device, not a file (a symbolic link to /dev/zero)",
        "fifo": "a named pipe (FIFO), not a file",
        "folder": "a directory, not a file",
        "dangling": f"a broken symbolic link (to {tmp_path / 'gone'})",
        "huge": "too large: 16,777,217 bytes, the limit is 16 MiB",
        "missing": "no such file",
    }
    assert read_bounded(tmp_path / "huge", limit=MAX_FILE_BYTES + 1)[:4] == b"\0\0\0\0"


def test_endless_and_blocking_inputs_are_quarantined_and_the_rest_goes_on(
    tmp_path: Path,
) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "random.txt").symlink_to("/dev/urandom")
    os.mkfifo(tmp_path / "fifo.txt")
    good = write_pages(tmp_path, 1)[0]
    result = process("ingest-text", tmp_path / "zero.txt", tmp_path / "fifo.txt",
                     tmp_path / "random.txt", good, "--quiet", home=tmp_path / "h")
    report, err = json.loads(result.stdout), result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err
    assert (report["files_stored"], report["files_quarantined"]) == (1, 3)
    assert report["inserted"] == ARTICLES_PER_PAGE
    assert "fifo.txt: a named pipe (FIFO), not a file" in err
    assert "zero.txt: a character device, not a file (a symbolic link to /dev/zero)" in err


def test_the_limit_is_said_in_the_help(tmp_path: Path) -> None:
    result = process("ingest-text", "--help", home=tmp_path)
    assert "at most 16 MiB" in " ".join(result.stdout.decode().split())


# -- 3. extraction and index failures are counted and change the exit status ------------


def test_an_nlp_crash_is_reported_and_the_exit_status_says_so(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_extract = nlp.extract

    def overflow_on_page_one(text: str) -> dict:
        if "第1期" in text:
            raise OverflowError("int too large to convert to float")
        return real_extract(text)

    monkeypatch.setattr(nlp, "extract", overflow_on_page_one)
    pages = write_pages(tmp_path / "pages", 3)
    status, report, err = ingest_text(capsys, tmp_path / "h", *pages)
    assert status == 1
    assert (report["extraction_errors"], report["quarantined"]) == (1, 1)
    assert report["indexed"] == 3 * ARTICLES_PER_PAGE - 1
    assert "OverflowError: int too large" in err and "not searchable" in err
    assert [e["reason"] for e in quarantined(tmp_path / "h", "extraction")] == [
        "OverflowError: int too large to convert to float"]

    monkeypatch.setattr(nlp, "extract", real_extract)  # the NLP is fixed: the next run heals
    status, report, _ = ingest_text(capsys, tmp_path / "h", *pages)
    assert (status, report["indexed"], report["unchanged"]) == (0, 1, 3 * ARTICLES_PER_PAGE)


def test_a_document_that_cannot_be_built_costs_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_document = ingest.index_document

    def fail_on_one(article: Article, extraction: dict, *story) -> dict:
        if "第2期" in article.title:
            raise IndexError("list index out of range")
        return real_document(article, extraction, *story)

    monkeypatch.setattr(ingest, "index_document", fail_on_one)
    pages = [page_text(n) for n in range(5)]
    with Archive(tmp_path / "archive.sqlite3") as archive:
        backend = TantivyBackend(tmp_path / "index")
        store_articles([a for p in pages for a in articles_from_page_text(p, "x", None)],
                       archive, "pages")
        report = process_pending(archive, backend)
        assert report.indexed == 5 * ARTICLES_PER_PAGE - 1
        assert [reason for _, reason in report.errors] == [
            "cannot build the index document: IndexError: list index out of range"]
        assert backend.count(SearchQuery()) == 5 * ARTICLES_PER_PAGE - 1
        assert len(archive.quarantined("index")) == 1
        monkeypatch.setattr(ingest, "index_document", real_document)
        assert process_pending(archive, backend).indexed == 1  # still pending, so retried
        backend.close()


# -- 4. file names that are not UTF-8 ------------------------------------------------------


def test_file_names_that_are_not_utf8_are_stored_readably(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    garbage, page = folder + b"/\xff\xfe.txt", folder + b"/\xe9t\xe9.txt"
    with open(garbage, "wb") as f:
        f.write(b"\x81\xff\x00\xfe" * 10)
    with open(page, "w", encoding="utf-8") as f:
        f.write(page_text(7))
    result = process("ingest-text", garbage, page, "--quiet", home=tmp_path / "h")
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert (report["files_stored"], report["files_quarantined"]) == (1, 1)
    [entry] = quarantined(tmp_path / "h", "text")
    assert entry["origin"] == f"{tmp_path}/\\xff\\xfe.txt"
    listing = process("quarantine", home=tmp_path / "h")
    assert listing.returncode == 0 and b"\\xff\\xfe.txt" in listing.stdout


def test_quarantine_stores_any_text(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.sqlite3") as archive:
        archive.quarantine("text", os.fsdecode(b"/x/\xff.txt"), "bad \udcfe", "lone \ud800")
        [entry] = archive.quarantined()
    assert (entry["origin"], entry["reason"], entry["payload"]) == (
        "/x/\\xff.txt", "bad \\xfe", "lone \\ud800")


# -- 5. junk refused, good text decoded -----------------------------------------------------


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b" \n\t\n", "no text: only whitespace"),
    (b"\x10\x04\x08\n\x01\x02", "binary data, not text"),
    ("\u200b\n\u200b\u200b\n".encode(), "no text: only whitespace, control or zero-width"),
    ("。。。!!\n,,,,\n".encode(), "no words: only punctuation"),
    ("青海工会打造三大品牌\n".encode(), "none of its 1 article(s) could be stored"),
    (b"<html><body><h1>T</h1><p>x</p></body></html>", "an HTML page, not a page-text dump"),
])
def test_what_holds_no_article_is_quarantined_with_the_reason(
    capsys, tmp_path: Path, content: bytes, reason: str
) -> None:
    (tmp_path / "in.txt").write_bytes(content)
    status, report, err = ingest_text(capsys, tmp_path / "h", tmp_path / "in.txt")
    assert status == 1 and report["files_quarantined"] == 1 and report["files_stored"] == 0
    [entry] = quarantined(tmp_path / "h", "text")
    assert entry["reason"].startswith(reason)
    assert Archive(tmp_path / "h" / "archive.sqlite3").count(canonical_only=False) == 0


def test_html_is_refused_with_the_command_to_use() -> None:
    with pytest.raises(UnusableFile, match="crawl it with `unionkb crawl`"):
        decode_page_text(b"<!DOCTYPE html><html><head><title>t</title></head>", "p.html")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32", "gb18030"])
def test_every_encoding_of_a_page_gives_the_same_articles(encoding: str) -> None:
    text = page_text(3)
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + text).encode(encoding)  # with its byte-order mark
    page = decode_page_text(data, "p.txt")
    assert page.text == text and page.repairs == ()
    assert [a.id for a in articles_from_page_text(page.text, "x", None)] == [
        a.id for a in articles_from_page_text(text, "x", None)]


def test_a_character_cut_off_at_the_end_is_dropped_and_said(capsys, tmp_path: Path) -> None:
    data = page_text(4).rstrip("\n").encode("utf-8")[:-1]  # half of the final 。
    (tmp_path / "cut.txt").write_bytes(data)
    status, report, err = ingest_text(capsys, tmp_path / "h", tmp_path / "cut.txt")
    assert status == 0 and report["inserted"] == ARTICLES_PER_PAGE
    assert report["files_repaired"] == 1
    assert "dropped 2 byte(s) of a utf-8 character cut off at the end" in err


def test_stray_control_and_zero_width_characters_are_removed_and_said() -> None:
    text = page_text(5)
    dirty = text.replace("培训", "培\x00训", 2).replace("职工", "职\u200b工", 1)
    page = decode_page_text(dirty.encode("utf-8"), "p.txt")
    assert page.text == text
    assert page.repairs == ("removed 2 control character(s) such as NUL",
                            "removed 1 zero-width character(s)")


def test_an_article_needs_words_in_its_title_and_body() -> None:
    for title, body, reason in [("\x10\x04", "正文。", "no words in the title"),
                                ("\u200b", "正文。", "no words in the title"),
                                ("标题", "。。,,", "no words in the body"),
                                ("2025", "正文。", "no words in the title")]:
        with pytest.raises(InvalidArticle, match=reason):
            Article(id="a", source="x", title=title, body=body).validate()
    Article(id="a", source="x", title="标题", body="正文").validate()


def test_reindex_says_which_extractions_failed(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = write_pages(tmp_path / "pages", 2)
    ingest_text(capsys, tmp_path / "h", *pages)
    with Archive(tmp_path / "h" / "archive.sqlite3") as archive:
        archive.db.execute("UPDATE articles SET extraction_version = 'older NLP'")
        archive.db.commit()

    def broken(text: str) -> dict:
        raise IndexError("string index out of range")

    monkeypatch.setattr(nlp, "extract", broken)
    monkeypatch.setenv("UNIONKB_HOME", str(tmp_path / "h"))
    assert main(["reindex", "--quiet"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert len(report["extraction_errors"]) == 2 * ARTICLES_PER_PAGE
    assert report["indexed"] == 2 * ARTICLES_PER_PAGE  # the old extractions stay searchable
