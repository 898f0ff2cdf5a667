"""The analysis tables: derived by the writer pipeline, never by opening the archive;
versioned by a fingerprint; rebuilt by the run that finds them stale."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from crawler.textdump import articles_from_page_text
from indexer.archive import Archive
from indexer.ingest import index_pending, process_pending, store_articles
from indexer.search.query import SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from indexer.tables import schema
from indexer.tables.schema import tables_state, tables_version
from indexer.tables.scope import facet_scope

SAMPLE = resources.files("crawler").joinpath("data/sample_page.txt").read_text("utf-8")
TABLES_DIR = Path(schema.__file__).parent


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of the sample page, extracted, derived and indexed (closed: copy it)."""
    home = tmp_path_factory.mktemp("tables")
    with Archive(home / "archive.sqlite3") as archive:
        backend = TantivyBackend(home / "index")
        store_articles(articles_from_page_text(SAMPLE, "grrb", "2025-03"), archive, "sample")
        process_pending(archive, backend)
        backend.close()
    return home


@pytest.fixture
def home(ingested: Path, tmp_path: Path) -> Path:
    shutil.copytree(ingested, tmp_path / "home")
    return tmp_path / "home"


def all_rows(archive: Archive) -> dict[str, list[tuple]]:
    return {table: sorted(tuple(row) for row in archive.db.execute(f"SELECT * FROM {table}"))
            for table in schema.TABLES}


def set_version(home: Path, version: str) -> None:
    with Archive(home / "archive.sqlite3") as archive, archive.transaction() as db:
        db.execute("UPDATE entity_tables_state SET version = ?", (version,))


def test_opening_the_archive_derives_nothing_and_loads_nothing_derived(home: Path) -> None:
    set_version(home, "an older version")
    probe = ("import sys; from indexer.archive import Archive; "
             f"a = Archive({str(home / 'archive.sqlite3')!r}); "
             "print(a.db.execute('SELECT version FROM entity_tables_state').fetchone()[0]); "
             "print(sorted(m for m in sys.modules if m.startswith(('indexer.tables', "
             "'indexer.nlp', 'indexer.search', 'jieba'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["an older version", "[]"]


def test_tables_of_another_version_are_rebuilt_by_the_pipeline(home: Path) -> None:
    with Archive(home / "archive.sqlite3") as archive:
        derived = all_rows(archive)
        assert tables_state(archive).current
    set_version(home, "an older version")
    with Archive(home / "archive.sqlite3") as archive:
        state = tables_state(archive)
        assert (state.current, state.version, state.stale) == (False, "an older version", 7)
        backend = TantivyBackend(home / "index")
        assert index_pending(archive, backend).indexed == 0  # the index was current
        backend.close()
        assert tables_state(archive).to_dict() == {
            "current": True, "version": tables_version(), "expected": tables_version(),
            "stale_articles": 0}
        assert all_rows(archive) == derived


def test_a_changed_record_makes_its_rows_stale_until_the_next_run(home: Path) -> None:
    with Archive(home / "archive.sqlite3") as archive:
        article = next(archive.iter_articles())
        article.title = "更正后的标题"
        archive.upsert(article)
        assert tables_state(archive).stale == 1
        backend = TantivyBackend(home / "index")
        assert index_pending(archive, backend).indexed == 1
        backend.close()
        assert tables_state(archive).current
        title = archive.db.execute("SELECT title FROM entity_articles WHERE article_id = ?",
                                   (article.id,)).fetchone()[0]
        assert title == "更正后的标题"


def test_an_archive_nothing_was_derived_in_answers_empty(tmp_path: Path) -> None:
    with Archive(tmp_path / "archive.sqlite3") as archive:
        assert tables_state(archive).version is None
        assert facet_scope(SearchQuery()).rows(archive, "SELECT * FROM scope") == []
        assert tables_state(archive).current  # nothing to derive: empty is current


def test_tables_of_another_shape_are_made_empty_for_readers(home: Path) -> None:
    set_version(home, "another-shape:rows")
    with Archive(home / "archive.sqlite3") as archive:
        assert facet_scope(SearchQuery()).rows(archive, "SELECT * FROM scope") == []
        assert tables_state(archive).stale == 7  # for the next ingest, crawl or reindex


def test_tables_of_other_row_code_are_read_and_said_to_be_so(home: Path, caplog) -> None:
    """Same columns, rows derived by another release's rules: read as they are (nothing
    is lost), with a warning that some counts are the old rule's until derived again."""
    set_version(home, f"{schema.schema_version()}:other-rows")
    with Archive(home / "archive.sqlite3") as archive:
        assert facet_scope(SearchQuery()).rows(archive, "SELECT * FROM scope")
        assert "derived by other row code" in caplog.text
        assert tables_state(archive).stale == 7  # the next run derives them


def test_the_version_is_a_fingerprint_of_the_ddl_and_the_row_code(monkeypatch) -> None:
    ddl, code = tables_version().split(":")
    monkeypatch.setattr(schema, "SCHEMA", schema.SCHEMA + "\n-- one more column")
    schema.tables_version.cache_clear()
    assert tables_version().split(":") == [schema.schema_version(), code] != [ddl, code]
    monkeypatch.undo()
    monkeypatch.setattr(schema, "DOCUMENT_VERSION", "another document")
    schema.tables_version.cache_clear()
    assert tables_version().split(":")[0] == ddl and tables_version().split(":")[1] != code
    monkeypatch.undo()
    schema.tables_version.cache_clear()


def test_every_module_that_shapes_a_row_is_fingerprinted() -> None:
    """What write.py reaches within the package (rows, contexts, qualifiers…) is hashed:
    a module added there without joining ROW_WRITERS would change rows unseen."""
    reached, todo = set(), ["write"]
    while todo:
        name = todo.pop()
        reached.add(name)
        tree = ast.parse((TABLES_DIR / f"{name}.py").read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "indexer.tables."):
                module = node.module.rsplit(".", 1)[1]
                if module not in reached and module != "schema":  # the DDL is hashed apart
                    todo.append(module)
    assert {f"{name}.py" for name in reached} == set(schema.ROW_WRITERS)
