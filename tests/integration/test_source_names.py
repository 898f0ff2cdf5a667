"""A newspaper's name is stored on its record, so it is the same in every process.

It used to be learnt as a side effect of loading papers.toml: a crawl process named
``tjgrb`` 天津工人报, a serve or reindex process ``tjgrb``, and the ``source`` facet
held whichever name the process that last indexed an article knew.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from crawler.items import ArticleItem
from crawler.pipelines import article_from_item
from crawler.textdump import articles_from_page_text
from indexer.archive import Archive
from indexer.documents import index_document
from indexer.models import Article

PAGE = "青海工会打造三大品牌\n本报讯 青海工会着力打造“服务职工就业”品牌。\n"


def test_a_known_code_is_named_in_a_process_that_never_loaded_the_papers() -> None:
    probe = ("import sys; from indexer.models import Article; "
             "a = Article(id='x', source='tjgrb', title='t', body='b'); "
             "print(a.source_name, 'crawler.papers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["天津工人报", "False"]


def test_a_crawled_record_keeps_its_papers_name(tmp_path: Path) -> None:
    item = ArticleItem(url="http://x/c_1.htm", source="xygrb", title="标题", body="正文。",
                       paper={"code": "xygrb", "name": "某地工人报"})
    with Archive(tmp_path / "a.sqlite3") as archive:
        archive.upsert(article_from_item(item))
        (stored,) = archive.iter_articles()
    assert stored.source_name == "某地工人报"
    assert index_document(stored, {})["source"] == "某地工人报"


def test_text_ingest_names_a_known_code_and_keeps_an_unknown_one() -> None:
    (known,) = articles_from_page_text(PAGE, "tjgrb", None)
    (unknown,) = articles_from_page_text(PAGE, "工人日报", None)
    assert (known.source_name, unknown.source_name) == ("天津工人报", "工人日报")


def test_a_record_stored_before_the_field_is_named_on_read(tmp_path: Path) -> None:
    old = Article(id="x", source="grrb", title="标题", body="正文。").to_dict()
    del old["source_name"]
    with Archive(tmp_path / "a.sqlite3") as archive:
        archive.upsert(Article.from_dict(old))
        archive.db.execute("UPDATE articles SET record = ?", (json.dumps(old),))
        archive.db.commit()
        assert archive.get("x").source_name == "工人日报"
        # The same record given again is no change: its name was the known one.
        assert archive.upsert(Article(id="x", source="grrb", title="标题", body="正文。")
                              ).status == "unchanged"
