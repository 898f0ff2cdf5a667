"""How much one request may ask for, in one place.

Every bound is answered with a 4xx that names it, so a client learns the limit from
the error instead of from a timeout. They are sized for people: a search box, a few
dozen ticked facets, every province of China side by side; a request past them is a
script, and a script can split its work or use /api/export.
"""

from __future__ import annotations

# -- the HTTP request itself (api.server, api.request_bounds) ----------------------------
MAX_URL_BYTES = 16 * 1024  # path and query string, percent-encoded (nginx allows 8 KiB)
MAX_HEAD_BYTES = 32 * 1024  # request line and headers together
MAX_HEADERS = 100
MAX_BODY_BYTES = 64 * 1024  # every route is a GET: a body is never read
REQUEST_TIMEOUT = 10.0  # seconds from a request's first byte to its last (slow clients)
KEEP_ALIVE_TIMEOUT = 5  # seconds an idle connection is kept between requests
LINGER_TIMEOUT = 2.0  # seconds spent draining a refused upload so the client reads the error
MAX_CONNECTIONS = 200  # open at once; more are answered 503 by uvicorn
BACKLOG = 256  # connections the kernel queues before the server accepts them

# -- the search grammar (api.search_params) -----------------------------------------------
MAX_QUERY_CHARS = 500  # q: a pasted paragraph, not a document
MAX_VALUE_CHARS = 100  # one filter value or one short text (metric, unit, name, kind)
MAX_VALUES_PER_FILTER = 50  # all 34 provinces fit
MAX_FILTER_VALUES = 100  # across every facet of one request
MAX_CHECK_TEXT_CHARS = 200  # /api/figures/check runs the NLP pipeline on it
