"""Page-text dumps (one e-paper page as plain text) into Article records.

Reading and decoding a dump is ``indexer.page_text``'s (the ``extract`` command reads
text too); splitting it into articles is the splitter's, here.
"""

from __future__ import annotations

from crawler.splitter import split_page_text
from indexer.models import Article, article_id_for_dump, page_fingerprint


def articles_from_page_text(
    text: str, source: str, date: str | None, page: str | None = None
) -> list[Article]:
    """Split one page; each article's id is its place in this page text
    (``article_id_for_dump`` says why)."""
    page_key = page_fingerprint(text)
    articles = []
    for part in split_page_text(text):
        articles.append(
            Article(
                id=article_id_for_dump(page_key, part.position),
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
