"""`unionkb reparse` reads a raw folder copied from elsewhere as it reads any named file:
bounded, regular files only; a page it cannot read is quarantined and the rest goes on."""

from __future__ import annotations

from pathlib import Path

from crawler.items import ArticleItem
from crawler.pipelines import RawStore
from crawler.reparse import reparse
from indexer.archive import Archive
from tests.unit.test_crawl_parse import HOST, saved_page, spec_of, spider_for


def test_a_raw_page_that_is_no_file_is_quarantined_and_the_rest_reparsed(
    tmp_path: Path,
) -> None:
    spider, spec = spider_for("founder-gbk"), spec_of("founder-gbk")
    store = RawStore(tmp_path / "raw")
    saved = []
    for article in spec["articles"][:2]:
        url = HOST + "founder-gbk/" + article["path"]
        response = saved_page(url)
        saved.append(store.save(ArticleItem(
            url=url, source="fx", title="", body="", raw=response.body,
            encoding=response.encoding, paper=spider.paper.to_dict(),
            context={"url": url, "source": "fx", "date": "2025-03-18", "page": "A01"})))
    saved[1].unlink()
    saved[1].symlink_to("/dev/zero")  # endless: read whole, it would never finish
    with Archive(tmp_path / "archive.sqlite3") as archive:
        report = reparse(archive, [tmp_path / "raw"], progress=False)
        [entry] = archive.quarantined("crawl")
    assert (report.pages, report.inserted, report.quarantined) == (2, 1, 1)
    assert entry["reason"].endswith("a character device, not a file (a symbolic link to "
                                    "/dev/zero)")
