"""The reading layers, link scoping and crawl health on small pages written here.

The real pages (test_realpages_readers.py) show what the layers do on real markup; these
pin down each mechanism on its own, including the sources those pages do not carry
(JSON-LD, <meta>, an extractor-only page).
"""

from __future__ import annotations

from datetime import date

import pytest
from scrapy.http import HtmlResponse

from crawler.health import CrawlHealth, health_from_stats, verdict
from crawler.papers import Paper
from crawler.spiders import spider_class
from crawler.spiders.headings import headline, named_text
from crawler.spiders.layers import read_layers
from crawler.spiders.links import article_links, identity, in_issue
from crawler.spiders.maintext import main_text
from crawler.spiders.metadata import page_metadata

DAY = date(2025, 3, 18)
REPORT = ("3月18日，市总工会在全市启动职工技能提升行动，组织一线职工参加培训。" * 3)


def page(body: str, head: str = "", url: str = "http://epaper.test/html/2025-03/18/x.htm"
         ) -> HtmlResponse:
    html = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8")


# -- layers ------------------------------------------------------------------------------

def test_the_paper_layer_comes_before_the_template_layer() -> None:
    response = page(f"<h1 class='a'>甲标题</h1><h1 class='b'>乙标题</h1><p>{REPORT}</p>")
    fields = read_layers(response, {"title": "h1.b"}, {"title": "h1.a", "body": "p"})
    assert fields.title == "乙标题" and fields.layers["title"] == "paper"
    assert fields.layers["body"] == "template"


def test_a_template_that_misses_falls_through_to_the_metadata() -> None:
    head = "<meta property='og:title' content='职工技能提升行动启动'>"
    fields = read_layers(page(f"<p>{REPORT}</p>", head), {}, {"title": "#Title", "body": "p"})
    assert fields.title == "职工技能提升行动启动" and fields.layers["title"] == "metadata"


def test_json_ld_gives_headline_author_date_and_body() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            '"工会驿站扩容", "author": {"name": "王明"}, "datePublished": "2025-03-18", '
            f'"articleBody": "{REPORT}"}}</script>')
    fields = read_layers(page("<div>广告</div>", head), {}, {})
    assert (fields.title, fields.author, fields.date) == ("工会驿站扩容", "王明", "2025-03-18")
    assert fields.paragraphs == [REPORT] and fields.layers["body"] == "metadata"


def test_a_broken_json_ld_block_is_passed_over() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArt</script>'
    assert "title" not in page_metadata(page("<p>x</p>", head))


def test_a_date_is_never_taken_for_an_author_or_a_title() -> None:
    response = page(f"<font id='author'>2023年02月11日</font><h1>标题</h1><p>{REPORT}</p>")
    fields = read_layers(response, {}, {"author": "#author", "title": "#author", "body": "p"})
    assert fields.author == "" and fields.title == "标题"


def test_the_site_name_in_title_is_not_a_headline() -> None:
    response = page(f"<div>科技日报</div><p>{REPORT}</p>", "<title>科技日报--数字报</title>")
    assert "title" not in page_metadata(response)
    assert headline(response.selector) == ""
    assert read_layers(response, {}, {}).title == ""


def test_title_is_metadata_when_the_page_prints_it() -> None:
    response = page(f"<td>工会驿站扩容<br>服务更多职工</td><p>{REPORT}</p>",
                    "<title>工会驿站扩容 服务更多职工--某某日报</title>")
    assert page_metadata(response)["title"] == "工会驿站扩容 服务更多职工"


def test_the_generic_layer_reads_a_page_no_selector_knows() -> None:
    body = (f"<div class='nav'><a href='/'>首页</a></div><div class='art-title'>职工技能提升"
            f"</div><div class='body'><p>{REPORT}</p><p>{REPORT}</p></div>")
    fields = read_layers(page(body), {}, {})
    assert fields.title == "职工技能提升"
    assert fields.layers == {"title": "generic", "body": "generic"}
    assert fields.paragraphs[0].startswith("3月18日")


def test_pinyin_and_english_names_give_headline_kicker_and_subtitle() -> None:
    body = ("<div class='right-meat'><p class='yinti'>三月春来早</p><p class='biaoti'>职工技能提升"
            "</p><p class='futi'>全市启动培训</p></div>")
    response = page(body)
    assert headline(response.selector) == "职工技能提升"
    assert named_text(response.selector, "kicker") == "三月春来早"
    assert named_text(response.selector, "subtitle") == "全市启动培训"


@pytest.mark.parametrize("extractor", ["trafilatura", "readability"])
def test_both_extractors_find_the_main_text(extractor: str) -> None:
    html = f"<html><body><article><p>{REPORT}</p><p>{REPORT}</p></article></body></html>"
    assert main_text(html, extractor=extractor).paragraphs[0].startswith("3月18日")


# -- links -------------------------------------------------------------------------------

def test_a_query_is_set_aside_only_when_the_path_names_the_article() -> None:
    assert identity("http://a.cn/x/content_5.htm?div=-1#top") == "http://a.cn/x/content_5.htm"
    assert identity("http://a.cn/show.jsp?id=7") == "http://a.cn/show.jsp?id=7"


def test_other_sites_and_other_dates_are_not_of_the_issue() -> None:
    here = "http://epaper.test/html/2025-03/18/node_2.htm"
    assert in_issue("http://epaper.test/html/2025-03/18/content_1.htm", here, DAY)
    assert not in_issue("http://epaper.test/html/2009-05/31/content_1.htm", here, DAY)
    assert not in_issue("http://other.test/html/2025-03/18/content_1.htm", here, DAY)
    assert in_issue("http://epaper.test/Article/index/aid/9.html", here, DAY)


def test_area_and_text_links_are_read_once_each() -> None:
    body = ("<map><area href='content_1.htm?div=0'><area href='content_1.htm?div=-1'>"
            "<area href='content_2.htm'></map><a href='content_2.htm?div=-1'>乙</a>"
            "<a href='http://www.other.cn/2009-05/31/content_3.htm'>关于我们</a>")
    response = page(body, url="http://epaper.test/html/2025-03/18/node_2.htm")
    found = article_links(response, "a[href], area[href]", r"content_\d+\.htm$", DAY)
    assert found == ["http://epaper.test/html/2025-03/18/content_1.htm",
                     "http://epaper.test/html/2025-03/18/content_2.htm"]


def test_without_a_rule_an_article_is_a_titled_document_of_the_issue() -> None:
    body = ("<a href='content_1.htm'>标题甲</a><a href='node_9.htm'><img src='b.gif'></a>"
            "<a href='../../../images/2025-03/18/p1.pdf'>PDF</a>"
            "<a href='/about.htm'>关于</a><a href='node_3.htm'>第02版</a>")
    response = page(body, url="http://epaper.test/html/2025-03/18/node_2.htm")
    pages = {"http://epaper.test/html/2025-03/18/node_3.htm"}
    assert article_links(response, "a[href]", None, DAY, pages) == [
        "http://epaper.test/html/2025-03/18/content_1.htm"]


# -- health ------------------------------------------------------------------------------

def test_the_health_summary_counts_layers_and_failures() -> None:
    stats = {"unionkb/pages": 4, "unionkb/pages_with_articles": 3,
             "unionkb/read/body/template": 6, "unionkb/read/body/generic": 2,
             "unionkb/read/title/metadata": 8, "unionkb/articles_failed": 2}
    health = health_from_stats("fx", stats)
    assert health.article_pages == 10 and health.read_with["title"] == {"metadata": 8}
    assert health.to_dict()["share_generic_or_failed"] == 0.4
    assert verdict(health) is None


def test_a_crawl_where_most_article_pages_fail_says_so_in_one_line() -> None:
    health = CrawlHealth("fx", pages=2, pages_with_articles=2, article_pages=5, failed=4)
    assert verdict(health) == ("fx: 4 of 5 article pages (80 %) could not be fetched or read; "
                               "`unionkb quarantine --kind crawl` says why")
    # Articles an earlier run stored count as read: a resumed crawl is not a failure.
    assert verdict(CrawlHealth("fx", 2, 2, 1, 1, already_archived=9)) is None


def test_page_lists_without_any_article_fail_the_crawl() -> None:
    assert "none of the 3 page lists" in verdict(CrawlHealth("fx", pages=3))


def test_a_template_that_knows_neither_the_page_list_nor_the_article_urls_falls_back() -> None:
    paper = Paper(code="fx", name="测试报", template="founder-pc", home="http://epaper.test/",
                  issue_url="pc/layout/{yyyy}{mm}/{dd}/node_01.html")
    spider = spider_class("founder-pc")(paper=paper)
    body = ("<div class='bm'><a href='node_01.html'>01版：要闻</a><a href='node_02.html'>02版："
            "综合</a></div><a href='../../../content/202503/18/content_7.htm'>标题甲</a>"
            "<a href='../../../content/202503/18/content_8.htm'>标题乙</a>")
    response = page(body, url="http://epaper.test/pc/layout/202503/18/node_01.html")
    assert [(p.url.rsplit("/", 1)[1], p.number) for p in spider.find_pages(response)] == [
        ("node_01.html", "01"), ("node_02.html", "02")]
    assert [u.rsplit("/", 1)[1] for u in spider.find_articles(response)] == [
        "content_7.htm", "content_8.htm"]


def test_a_named_headline_with_inner_markup_is_read_whole() -> None:
    response = page(f"<h2 class='art-title'>职工<span>技能</span>提升</h2><p>{REPORT}</p>")
    assert read_layers(response, {}, {}).title == "职工技能提升"


def test_the_founder_content_markers_give_the_body() -> None:
    body = (f"<div class='nav'>首页</div><div><!--enpcontent--><p>{REPORT}</p><p>第二段。</p>"
            "<!--/enpcontent--></div><div>版权所有</div>")
    fields = read_layers(page(body), {}, {})
    assert fields.paragraphs == [REPORT, "第二段。"] and fields.layers["body"] == "metadata"
