"""Page-text dumps (one e-paper page as plain text) into Article records."""

from __future__ import annotations

from pathlib import Path

from crawler.splitter import split_page_text
from indexer.models import Article, article_id_for_dump


class UnreadableDump(ValueError):
    """A dump that is not UTF-8/GB18030 text or holds no article."""


def read_dump(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDump(f"{path}: neither UTF-8 nor GB18030 text")


def articles_from_page_text(
    text: str, source: str, date: str | None, page: str | None = None
) -> list[Article]:
    """Split one page and give each article a stable id from its place on the page."""
    articles = []
    for part in split_page_text(text):
        articles.append(
            Article(
                id=article_id_for_dump(source, date, page, part.position),
                source=source,
                date=date,
                page=page,
                kicker=part.kicker,
                title=part.title,
                subtitle=part.subtitle,
                byline=part.byline,
                reporters=list(part.reporters),
                correspondents=list(part.correspondents),
                photographers=list(part.photographers),
                summary=getattr(part, "summary", ""),
                body=part.body,
            )
        )
    return articles
