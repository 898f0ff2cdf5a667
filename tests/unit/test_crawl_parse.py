"""The template spiders' parse functions on single saved pages, and the small parts they use.

No network here: each fixture page is read from disk into a Scrapy response as the
fixture server would serve it (headers included), passed through the encoding
middleware, and handed to the spider's pure functions.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from crawler.items import ArticleContext, ArticleItem
from crawler.middlewares import ChineseEncodingMiddleware, best_encoding
from crawler.papers import BadPaperConfig, Paper, find_paper, load_papers, templates
from crawler.pipelines import IssueTracker, RawStore
from crawler.reparse import reparse
from crawler.spiders import spider_class, spiders
from crawler.spiders.base import EpaperSpider
from crawler.spiders.fields import Unparseable, article_item, split_summary
from crawler.spiders.metadata import enp_properties
from crawler.spiders.text import clean_cjk, find_day, parse_page_label
from crawler.spiders.urls import IssuePattern, date_range
from indexer.archive import Archive
from tests.paths import FIXTURES

SITES_DIR = FIXTURES / "sites"
SITES = sorted(p.name for p in SITES_DIR.iterdir() if (p / "expected.json").is_file())
HOST = "http://epaper.test/"
DAY = date(2025, 3, 18)


def spec_of(site: str) -> dict[str, Any]:
    return json.loads((SITES_DIR / site / "expected.json").read_text("utf-8"))


def spider_for(site: str) -> EpaperSpider:
    spec = spec_of(site)
    home = HOST + site + "/" + (spec["home"] if spec["home"] != "index.html" else "")
    paper = Paper(code="fx", name="测试报", template=spec["template"], home=home,
                  issue_url=spec["issue_url"], options=spec["options"])
    return spider_class(paper.template)(paper=paper)


def saved_page(url: str) -> HtmlResponse:
    """The fixture file behind `url`, as the server sends it and the crawler decodes it."""
    rel = url.removeprefix(HOST)
    file = SITES_DIR / rel
    if file.is_dir():
        file = file / "index.html"
    config = SITES_DIR / rel.split("/")[0] / "_server.json"
    content_type = "text/html"
    if config.is_file():
        content_type += "; charset=" + json.loads(config.read_text())["charset"]
    response = HtmlResponse(url, body=file.read_bytes(),
                            headers={"Content-Type": content_type})
    return ChineseEncodingMiddleware().process_response(None, response)


def first_issue_url(spider: EpaperSpider) -> str:
    if spider.pattern.by_issue_number:
        return spider.pattern.url_for(issue=8686)
    return spider.pattern.url_for(DAY)


# -- the templates, page by page ---------------------------------------------------------


def test_every_template_has_a_spider_and_a_fixture_in_both_encodings() -> None:
    # The registry is the spider classes: each is found under the template it names.
    assert templates() == tuple(spiders()) and len(templates()) == 7
    assert all(spider_class(t).name == t for t in templates())
    # generic has no markup of its own to imitate: real pages test it (test_realpages_*).
    site_templates = set(templates()) - {"generic"}
    assert {spec_of(s)["template"] for s in SITES} == site_templates
    encodings = sorted(s.rsplit("-", 1)[1] for s in SITES)
    assert encodings == sorted(["gbk", "utf8"] * len(site_templates))


@pytest.mark.parametrize("site", SITES)
def test_issue_page_lists_its_pages_with_number_and_name(site: str) -> None:
    spider = spider_for(site)
    pages = spider.find_pages(saved_page(first_issue_url(spider)))
    numbers = [(p.number, p.name) for p in pages]
    if spider.name == "founder" and site.endswith("gbk"):
        assert numbers == [("A01", "要闻"), ("A02", "新闻")]
    elif spider.name == "xpaper":
        assert numbers == [("01", "首版"), ("02", "新闻")]
    else:
        assert numbers == [("01", "要闻"), ("02", "新闻")]
    assert len({p.url for p in pages}) == 2


@pytest.mark.parametrize("site", SITES)
def test_page_lists_its_articles_once_each(site: str) -> None:
    spider = spider_for(site)
    issue = saved_page(first_issue_url(spider))
    page_one = spider.find_pages(issue)[0]
    articles = spider.find_articles(saved_page(page_one.url))
    want = [HOST + site + "/" + a["path"] for a in spec_of(site)["articles"]
            if a["date"] == "2025-03-18" and a["page"].endswith("01")]
    assert articles == want  # title list and image map link the same pages: no duplicates


@pytest.mark.parametrize("site", SITES)
def test_article_pages_parse_into_the_expected_fields(site: str) -> None:
    spider = spider_for(site)
    for want in spec_of(site)["articles"]:
        url = HOST + site + "/" + want["path"]
        response = saved_page(url)
        context = ArticleContext(url=url, source="fx", date=want["date"], page=want["page"],
                                 page_name=want["page_name"])
        item = article_item(spider.read_article(response, context), context, response, {})
        got = {field: getattr(item, field) for field in want if field != "path"}
        assert got == {k: v for k, v in want.items() if k != "path"}, url


@pytest.mark.parametrize("site", SITES)
def test_a_truncated_article_page_is_unparseable(site: str) -> None:
    spider = spider_for(site)
    url = HOST + site + "/" + spec_of(site)["broken"]
    with pytest.raises(Unparseable, match="truncated"):
        spider.read_article(saved_page(url), ArticleContext(url=url, source="fx"))


def test_founder_metadata_gives_date_and_page_without_context() -> None:
    spider = spider_for("founder-gbk")
    url = HOST + "founder-gbk/html/2025-03/18/content_103.htm"
    fields = spider.read_article(saved_page(url), ArticleContext(url=url, source="fx"))
    assert (fields.date, fields.page, fields.kicker) == ("2025-03-18", "A02",
                                                         "国网长春供电公司深化企业民主管理")


def test_workercn_source_line_gives_date_and_page_and_leaves_the_body() -> None:
    spider = spider_for("workercn-utf8")
    url = HOST + "workercn-utf8/papers/grrb/2025/03/18/2/news-1.html"
    fields = spider.read_article(saved_page(url), ArticleContext(url=url, source="fx"))
    assert (fields.date, fields.page) == ("2025-03-18", "02")
    assert not any("《工人日报》" in p for p in fields.paragraphs)


def test_enpproperty_old_and_new_style() -> None:
    old = HtmlResponse("http://x/a.htm", encoding="utf-8", body=(
        "<html><body><!--enpproperty <date>2016-10-31 09:28:27.0</date><author>郭奋</author>"
        "<title>茅台三季报</title><introtitle>引</introtitle><pagenum>A3</pagenum>"
        "/enpproperty--></body></html>").encode())
    new = HtmlResponse("http://x/b.htm", encoding="utf-8", body=(
        "<html><body><!--enpproperty <founder-date>2025-11-13</founder-date>"
        "<founder-title><p>标题</p></founder-title>/enpproperty--></body></html>").encode())
    assert enp_properties(old) == {"date": "2016-10-31 09:28:27.0", "author": "郭奋",
                                   "title": "茅台三季报", "introtitle": "引", "pagenum": "A3"}
    assert enp_properties(new) == {"date": "2025-11-13", "title": "标题"}


def test_home_page_forwards_by_meta_refresh_script_or_link() -> None:
    spider = spider_for("founder-gbk")

    def target(html: str) -> str | None:
        body = f"<html><head>{html}</head><body></body></html>".encode()
        return spider.forward_target(HtmlResponse(HOST + "founder-gbk/", body=body,
                                                  encoding="utf-8"))

    assert target('<meta http-equiv="Refresh" content="0;URL=html/2025-03/19/node_1.htm">') \
        == HOST + "founder-gbk/html/2025-03/19/node_1.htm"
    assert target("<script>window.location.href='html/2025-03/19/node_2.htm'</script>") \
        == HOST + "founder-gbk/html/2025-03/19/node_2.htm"
    assert target('<a href="about.htm">关于</a><a href="html/2024-01/02/node_1.htm">今日</a>') \
        == HOST + "founder-gbk/html/2024-01/02/node_1.htm"
    assert target('<a href="about.htm">关于</a>') is None


# -- the parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "parsed"), [
    ("第A02版：要闻", ("A02", "要闻")), ("02版:新闻", ("02", "新闻")),
    ("第8686期:第01版 首版", ("01", "首版")), ("第1版", ("01", "")), ("A2版 要闻", ("A02", "要闻")),
    ("要闻", (None, "要闻")),
])
def test_page_labels(label: str, parsed: tuple[str | None, str]) -> None:
    assert parse_page_label(label) == parsed


def test_dates_in_text_and_cjk_spacing() -> None:
    assert find_day("2025年03月19日 星期三") == date(2025, 3, 19)
    assert find_day("2016-10-31 09:28:27.0") == date(2016, 10, 31)
    assert find_day("第2025年13月40日 2024/2/29") == date(2024, 2, 29)
    assert find_day("无日期") is None
    assert clean_cjk("阅 读 提 示") == "阅读提示"
    assert clean_cjk("Hello world 工会 驿站") == "Hello world 工会驿站"


def test_issue_patterns_go_both_ways() -> None:
    pattern = IssuePattern("https://ldwb.workerbj.cn", "content/{yyyy}-{mm}/{dd}/node_2.htm")
    url = pattern.url_for(date(2025, 3, 9))
    assert url == "https://ldwb.workerbj.cn/content/2025-03/09/node_2.htm"
    assert pattern.date_in(url) == date(2025, 3, 9)
    # A home page may forward to another first node of the same issue.
    assert pattern.date_in("https://ldwb.workerbj.cn/content/2025-03/09/node_3.htm") \
        == date(2025, 3, 9)
    assert pattern.date_in("https://ldwb.workerbj.cn/index.htm") is None
    numbered = IssuePattern("http://x/xpaper/", "news/{issue}/01/index.shtml")
    assert numbered.url_for(issue=8686) == "http://x/xpaper/news/8686/01/index.shtml"
    assert numbered.issue_in("http://x/xpaper/news/8687/01/index.shtml") == 8687
    with pytest.raises(ValueError, match="unknown placeholder"):
        IssuePattern("http://x/", "{year}/{mm}")
    with pytest.raises(ValueError, match="after"):
        date_range(date(2025, 3, 2), date(2025, 3, 1))


def test_a_reading_tip_box_is_the_summary() -> None:
    summary, rest = split_summary(["阅 读 提 示", "打造品牌……", "本报记者 李玉波", "正文"])
    assert (summary, rest) == ("打造品牌……", ["本报记者 李玉波", "正文"])
    assert split_summary(["正文一", "正文二"]) == ("", ["正文一", "正文二"])


def test_encodings_in_order_of_trust() -> None:
    text = "工会干部周登清带领村民蹚出一条路"  # 蹚: GBK, not GB2312
    gbk, utf8 = text.encode("gbk"), text.encode("utf-8")
    assert best_encoding(gbk, "gb2312") == "gb18030"
    assert best_encoding(gbk, None) == "gb18030"
    assert best_encoding(gbk, "utf-8") == "gb18030"  # a lying header
    assert best_encoding(utf8, "gb2312") == "utf-8"  # a stale meta tag
    assert best_encoding(b"plain ascii", "latin-1") == "cp1252"


def test_the_middleware_fixes_what_scrapy_alone_gets_wrong() -> None:
    body = "<html><body><p>蹚出一条特色产业振兴之路</p></body></html>".encode("gbk")
    lying = HtmlResponse("http://x/a.htm", body=body,
                         headers={"Content-Type": "text/html; charset=utf-8"})
    assert "\ufffd" in lying.text  # what the crawl would store without the middleware
    fixed = ChineseEncodingMiddleware().process_response(None, lying)
    assert "蹚出一条特色产业振兴之路" in fixed.text


def test_the_tracker_finishes_an_issue_once_whatever_the_order() -> None:
    tracker = IssueTracker()
    key = ("fx", "2025-03-18")
    assert tracker.article_done("a1") == []  # an article before its page's list
    assert tracker.issue_seen(key, ["p1", "p2"]) == []
    assert tracker.page_seen(key, "p1", ["a1", "a2"]) == []
    assert tracker.page_seen(key, "p2", []) == []
    assert tracker.article_done("a2") == [key]
    assert tracker.article_done("a2") == []
    open_issue = ("fx", "2025-03-19")
    tracker.issue_seen(open_issue, ["p3"])
    tracker.page_seen(open_issue, "p3", ["a3", "broken"])
    assert tracker.article_done("a3") == []  # "broken" never arrives: the issue stays open


# -- configuration -------------------------------------------------------------------------


def test_every_configured_paper_loads_and_says_what_was_checked() -> None:
    papers = load_papers(extra="")
    assert {"grrb", "ldwb", "zjgrrb", "hngrrb", "gsgrb", "tsldrb", "sxgrb", "jsgrb"} <= set(papers)
    for paper in papers.values():
        assert paper.template in templates() and paper.note.strip()
        assert paper.verified is False  # nothing could be checked against a live site
        spider = spider_class(paper.template)(paper=paper, date_from="2025-03-01",
                                              date_to="2025-03-02")
        if not spider.pattern.by_issue_number:
            assert spider.pattern.date_in(spider.pattern.url_for(date(2025, 3, 1))) \
                == date(2025, 3, 1)
    assert find_paper("工人日报").code == "grrb"


def test_every_bundled_paper_is_named_as_the_known_codes_name_it() -> None:
    """A record made without a name (text ingest, an old record) gets the known code's;
    the crawler gives the paper's: the two must be one name."""
    from indexer.sources import SOURCES

    for paper in load_papers(extra="").values():
        assert SOURCES.get(paper.code) == paper.name, paper.code


def test_extra_papers_file_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "papers.toml"
    extra.write_text('[[paper]]\ncode = "grrb"\nname = "工人日报"\ntemplate = "workercn"\n'
                     'home = "http://127.0.0.1:1/"\nissue_url = "{yyyy}/{mm}/{dd}/1/page.html"\n',
                     "utf-8")
    assert load_papers(extra=str(extra))["grrb"].home == "http://127.0.0.1:1/"
    extra.write_text('[[paper]]\ncode = "x"\nname = "x"\ntemplate = "nosuch"\nhome = "h"\n'
                     'issue_url = "u"\n', "utf-8")
    with pytest.raises(BadPaperConfig, match="nosuch"):
        load_papers(extra=str(extra))


# -- reparse ---------------------------------------------------------------------------------


def test_reparse_rebuilds_articles_from_raw_pages_without_the_network(tmp_path: Path) -> None:
    spider = spider_for("founder-gbk")
    store = RawStore(tmp_path / "raw")
    spec = spec_of("founder-gbk")
    for rel in [spec["articles"][0]["path"], spec["broken"]]:
        url = HOST + "founder-gbk/" + rel
        response = saved_page(url)
        context = {"url": url, "source": "fx", "date": "2025-03-18", "page": "A01",
                   "page_name": "要闻"}
        store.save(ArticleItem(url=url, source="fx", title="", body="", raw=response.body,
                               encoding=response.encoding, paper=spider.paper.to_dict(),
                               context=context))
    with Archive(tmp_path / "archive.sqlite3") as archive:
        first = reparse(archive, [tmp_path / "raw"], progress=False)
        again = reparse(archive, [tmp_path / "raw"], progress=False)
        (article,) = list(archive.iter_articles())
        assert article.title == spec["articles"][0]["title"]
        assert article.reporters == ["康劭"] and article.page == "A01"
        assert any("truncated" in q["reason"] for q in archive.quarantined())
    assert (first.inserted, first.quarantined, again.unchanged) == (1, 1, 1)


def test_an_issue_url_that_lands_on_another_day_is_no_issue() -> None:
    from scrapy.utils.test import get_crawler

    from crawler.items import NoIssue

    spider = spider_for("founder-gbk")
    crawler = get_crawler(type(spider))
    spider = type(spider).from_crawler(crawler, paper=spider.paper)
    latest = saved_page(spider.pattern.url_for(date(2025, 3, 19)))
    (item,) = list(spider.parse_issue(latest, date(2025, 3, 17)))
    assert isinstance(item, NoIssue) and item.date == "2025-03-17" and "2025-03-19" in item.reason
