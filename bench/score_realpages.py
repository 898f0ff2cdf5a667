"""Score the spiders' page readers on real e-paper pages: how many are read right.

    python bench/score_realpages.py [--pages DIR] [--template NAME] [--body-from LAYER]
        [--extractor NAME] [--json]

Reads ``index.json`` of a folder of saved e-paper pages (default: ``../shared/realpages``
beside the repository), runs the reader of each page's template (``generic`` when no
spider has that name) on the page as if it had been fetched from its own URL, and
compares what it reads with what a careful reader found (``expected``):

- a page list is right when its article links are exactly the issue's articles (hrefs
  compared as URLs, query strings aside), its page links are exactly the issue's pages,
  and the page's own number is the one its label gives;
- an article is right when its title, its body's first and last 20 characters, and,
  where the index gives them, its 引题, 副题, byline and page number are.

Whitespace is ignored in every comparison. A body start may also match the stored
byline followed by the body: the reader takes a 本报讯（记者…） dateline off the lead
paragraph into the byline field, and the index quotes the lead as printed.

``--template NAME`` reads every page with that template (``generic``: no selectors at
all; an article page alone then has no page number, which a crawl takes from the page
list, so the page check is left out). ``--body-from LAYER`` reads every body with that
one layer (``generic``, with ``--extractor trafilatura`` or ``readability``): the
comparison of the generic layer's libraries. Prints one line per page (right, or what
was wrong), how many pages passed each check, and ``N of M pages right``; ``--json``
prints the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from scrapy.http import HtmlResponse  # noqa: E402

from crawler.items import ArticleContext  # noqa: E402
from crawler.papers import Paper  # noqa: E402
from crawler.spiders import spiders  # noqa: E402
from crawler.spiders.base import EpaperSpider  # noqa: E402
from crawler.spiders.fields import article_item  # noqa: E402
from crawler.spiders.text import parse_page_label  # noqa: E402

DEFAULT_PAGES = ROOT.parent / "shared" / "realpages"
_DATE_SPELLINGS = ("{y}-{m}/{d}", "{y}{m}/{d}", "{y}/{m}/{d}", "{y}-{m}-{d}", "{y}{m}{d}")


@dataclass
class Score:
    file: str
    kind: str
    right: bool
    problems: list[str] = field(default_factory=list)
    layers: dict[str, str] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def page_url(entry: dict[str, Any]) -> str:
    """The URL the page was served at (the index may add notes after it)."""
    return entry["url"].split()[0]


def issue_pattern(url: str, day: date) -> tuple[str, str]:
    """(home, issue_url) that puts `url` at `day`: the date as the URL spells it becomes
    the placeholders, so a page is read as its own issue's page."""
    parts = urlsplit(url)
    home = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    path = parts.path.lstrip("/")
    values = {"y": f"{day.year:04d}", "m": f"{day.month:02d}", "d": f"{day.day:02d}"}
    for spelling in _DATE_SPELLINGS:
        written = spelling.format(**values)
        if written in path:
            placeholder = spelling.format(y="{yyyy}", m="{mm}", d="{dd}")
            return home, path.replace(written, placeholder, 1)
    return home, path


def spider_for(entry: dict[str, Any], body_from: str | None = None,
               extractor: str | None = None) -> EpaperSpider:
    template = entry.get("template")
    known = spiders()
    name = template if template in known else "generic"
    home, issue_url = issue_pattern(page_url(entry), date.fromisoformat(entry["date"]))
    options = {"extractor": extractor} if extractor else {}
    paper = Paper(code="realpage", name="", template=name, home=home, issue_url=issue_url,
                  options=options)
    return known[name](paper=paper, body_layer=body_from)


def response_for(entry: dict[str, Any], pages: Path) -> HtmlResponse:
    body = (pages / entry["file"]).read_bytes()
    if entry.get("fragment"):
        # A saved fragment is read as the page it was cut from.
        body = b"<html><body>" + body + b"</body></html>"
    return HtmlResponse(page_url(entry), body=body, encoding="utf-8")


def identity(url: str) -> str:
    """A link as the issue knows it: no fragment, no presentation query (``?div=-1``)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def score_page_list(entry: dict[str, Any], response: HtmlResponse,
                    spider: EpaperSpider) -> Score:
    expected = entry["expected"]
    score = Score(entry["file"], "page", True)
    found = {identity(url) for url in spider.find_articles(response)}
    wanted = {identity(urljoin(response.url, href)) for href in expected["article_links"]}
    if found != wanted:
        score.problems.append(f"articles: {len(found & wanted)} of {len(wanted)} found, "
                              f"{len(found - wanted)} not of the issue")
    pages = spider.find_pages(response)
    found_pages = {identity(p.url) for p in pages}
    wanted_pages = {identity(urljoin(response.url, href)) for href in expected["page_links"]}
    if found_pages != wanted_pages:
        score.problems.append(f"pages: {len(found_pages & wanted_pages)} of "
                              f"{len(wanted_pages)} found, {len(found_pages - wanted_pages)} "
                              "others")
    number, _ = parse_page_label(expected.get("page_name", ""))
    own = [p.number for p in pages if identity(p.url) == identity(response.url)]
    if number and own != [number]:
        score.problems.append(f"own page number {own or 'missing'}, not {number}")
    score.right = not score.problems
    return score


def score_article(entry: dict[str, Any], response: HtmlResponse, spider: EpaperSpider) -> Score:
    expected = entry["expected"]
    score = Score(entry["file"], "article", True)
    context = ArticleContext(url=response.url, source="realpage", date=entry["date"])
    try:
        item = article_item(spider.read_article(response, context), context, response, {})
    except Exception as exc:  # noqa: BLE001 - the reader's failure is the score
        score.right = False
        score.problems.append(f"not read: {exc}")
        score.checks["read"] = False
        return score
    score.layers = dict(getattr(item, "layers", {}) or {})
    body, byline = squeeze(item.body), squeeze(item.byline)
    checks = [
        ("title", squeeze(item.title) == squeeze(expected["title"]), item.title),
        ("body start", body.startswith(squeeze(expected["body_first20"]))
         or (byline + body).startswith(squeeze(expected["body_first20"])), item.body[:20]),
        ("body end", body.endswith(squeeze(expected["body_last20"])), item.body[-20:]),
    ]
    if "intro_title" in expected:
        checks.append(("引题", squeeze(item.kicker) == squeeze(expected["intro_title"]),
                       item.kicker))
    if "sub_title" in expected:
        checks.append(("副题", squeeze(item.subtitle) == squeeze(expected["sub_title"]),
                       item.subtitle))
    if "byline" in expected:
        wanted = squeeze(expected["byline"])
        checks.append(("byline", (wanted in byline) if wanted else not byline, item.byline))
    if expected.get("page"):
        checks.append(("page", item.page == expected["page"], item.page))
    for name, ok, got in checks:
        score.checks[name] = ok
        if not ok:
            score.problems.append(f"{name}: read {got!r}")
    score.right = not score.problems
    return score


def score_pages(pages: Path, body_from: str | None = None, extractor: str | None = None,
                template: str | None = None) -> list[Score]:
    scores = []
    for entry in json.loads((pages / "index.json").read_text("utf-8")):
        if template:
            entry = {**entry, "template": template}
        if entry["template"] == "generic" and entry["kind"] == "article":
            entry["expected"] = {k: v for k, v in entry["expected"].items() if k != "page"}
        spider = spider_for(entry, body_from, extractor)
        response = response_for(entry, pages)
        if entry["kind"] == "page":
            scores.append(score_page_list(entry, response, spider))
        else:
            scores.append(score_article(entry, response, spider))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES,
                        help="folder with index.json and the saved pages")
    parser.add_argument("--template", help="read every page with this template")
    parser.add_argument("--body-from", metavar="LAYER",
                        help="read bodies with this layer alone, e.g. generic")
    parser.add_argument("--extractor", help="the generic layer's library: trafilatura or "
                        "readability")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    if not (args.pages / "index.json").is_file():
        print(f"score_realpages: no index.json in {args.pages}", file=sys.stderr)
        return 2
    scores = score_pages(args.pages, args.body_from, args.extractor, args.template)
    right = sum(s.right for s in scores)
    tally: dict[str, list[int]] = {}
    for s in scores:
        for name, ok in s.checks.items():
            tally.setdefault(name, [0, 0])
            tally[name][0] += ok
            tally[name][1] += 1
    if args.json:
        print(json.dumps({"right": right, "pages": len(scores), "checks": tally,
                          "scores": [s.__dict__ for s in scores]}, ensure_ascii=False, indent=1))
    else:
        for s in scores:
            layers = " ".join(f"{k}={v}" for k, v in s.layers.items())
            verdict = "right" if s.right else "; ".join(s.problems)
            print(f"{s.file} [{s.kind}] {verdict}" + (f" ({layers})" if layers else ""))
        print("article checks right: " + ", ".join(f"{name} {ok}/{n}"
                                                    for name, (ok, n) in tally.items()))
        print(f"{right} of {len(scores)} pages right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
