"""Scrapy settings for the unionkb crawl: polite by default, resumable, one machine or many.

These are the defaults of every ``unionkb crawl``; ``crawler.run`` adds the data
folder (``UNIONKB_HOME``), the paper's own delay and anything given with ``--set``.
Politeness is here, not in the spiders: robots.txt is obeyed, requests to one site
are spaced (DOWNLOAD_DELAY, per paper in papers.toml) and slowed further when the
site slows down (AutoThrottle), and failures are retried with growing waits.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    _VERSION = version("unionkb")
except PackageNotFoundError:  # running from a source tree
    _VERSION = "0.1"

BOT_NAME = "unionkb"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Say who we are. UNIONKB_CRAWL_CONTACT (an e-mail or URL) lets a site owner reach the operator.
_CONTACT = os.environ.get("UNIONKB_CRAWL_CONTACT", "").strip()
USER_AGENT = (
    f"unionkb/{_VERSION} (工会知识库 research archive of trade-union reports; "
    f"Scrapy; obeys robots.txt{'; contact ' + _CONTACT if _CONTACT else ''})"
)
ROBOTSTXT_OBEY = True

DOWNLOAD_DELAY = 2.0  # a paper's own `delay` in papers.toml replaces it for its crawl
DOWNLOAD_DELAY_JITTER = 0.5  # ±50 %, so requests do not tick like a clock
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60

RETRY_ENABLED = True
RETRY_TIMES = 4
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
UNIONKB_RETRY_BACKOFF = 2.0  # seconds before the first retry, doubled for each next one
UNIONKB_RETRY_BACKOFF_MAX = 120.0

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.SkipArchivedMiddleware": 90,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # After decompression (590), before meta refresh (580) reads the page.
    "crawler.middlewares.ChineseEncodingMiddleware": 585,
}
ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
EXTENSIONS = {"crawler.run.CrawlProgress": 500}

# Issue pages forward to the latest issue with <meta http-equiv="refresh" content="0;…">.
METAREFRESH_ENABLED = True
METAREFRESH_MAXDELAY = 100

# Depth-first, so an issue is finished (and recorded in the ledger) before the next starts.
DEPTH_PRIORITY = 0
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
FEED_EXPORT_ENCODING = "utf-8"

# Resume needs no job folder: articles already archived are not fetched again and
# finished issues are in the ledger. A JOBDIR (``--set JOBDIR=…``) also keeps the
# request queue across a clean stop (Ctrl-C once), as in plain Scrapy.
JOBDIR = None

UNIONKB_HOME = None  # set by crawler.run from indexer.config
UNIONKB_REFETCH = False  # fetch archived articles again (to pick up corrections)
UNIONKB_PROGRESS_INTERVAL = 10.0  # seconds between progress lines
UNIONKB_SHARED_QUEUE_WAIT = 30.0  # scrapy-redis: idle seconds before a worker stops


def redis_settings(redis_url: str) -> dict[str, Any]:
    """Scale out: several machines share one request queue and one seen-set in Redis.

    Needs ``pip install scrapy-redis``. Every machine runs the same ``unionkb crawl``
    command; a request fetched by one is not fetched by another.
    """
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": redis_url,
        # One site per crawl, 2 in flight per site: a worker that took more requests off
        # the shared queue would only hold them back from the other workers.
        "CONCURRENT_REQUESTS": CONCURRENT_REQUESTS_PER_DOMAIN,
        "EXTENSIONS": {**EXTENSIONS, "crawler.run.WaitForSharedQueue": 510},
    }
