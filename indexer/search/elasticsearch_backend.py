"""The scale-out search backend: Elasticsearch 8 through the official client.

Reads and writes go through one alias, ``{prefix}-articles``, over a versioned index
``{prefix}-articles-v{timestamp}``. A rebuild fills a new versioned index while the
alias keeps serving the old one, then swaps the alias in one atomic request and
deletes the old index; a rebuild that fails leaves the alias where it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from indexer.config import Settings
from indexer.search.aggregations import histogram_buckets
from indexer.search.base import BackendUnavailable, SearchBackend
from indexer.search.es_mapping import MAPPING_VERSION, index_template, recorded_version
from indexer.search.es_query import (
    build_count_body,
    build_facet_body,
    build_histogram_body,
    build_scan_body,
    build_search_body,
    read_search_response,
)
from indexer.search.facet_pages import FacetPage, FacetRequest, page_of_values
from indexer.search.fields import derived_values
from indexer.search.query import Bucket, IndexReport, SearchQuery, SearchResult

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

BULK_CHUNK = 500
BULK_RETRIES = 5
BULK_BACKOFF = 2.0  # seconds before the first retry; doubled each time
RETRY_STATUS = (429, 500, 502, 503, 504)  # overloaded or failing nodes: worth another try
SCAN_PAGE = 1_000
PIT_KEEP_ALIVE = "2m"
INSTALL_HINT = "Install the client with `pip install 'unionkb[es]'`."


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(
        self, client: Elasticsearch, prefix: str = "unionkb", shards: int = 1,
        replicas: int = 0, bulk_backoff: float = BULK_BACKOFF, where: str = "Elasticsearch",
    ) -> None:
        self.client = client
        self.alias = f"{prefix}-articles"
        self.shards, self.replicas = shards, replicas
        self.bulk_backoff = bulk_backoff
        self.scan_page = SCAN_PAGE
        self.where = where  # for messages: the URL, never the credentials
        self._ready = False

    @classmethod
    def from_settings(cls, settings: Settings) -> ElasticsearchBackend:
        return cls(
            connect(settings), prefix=settings.index_prefix, shards=settings.shards,
            replicas=settings.replicas, where=settings.elasticsearch_url or "Elasticsearch",
        )

    # -- writing ---------------------------------------------------------------------

    def index_documents(self, docs: Iterable[dict[str, Any]]) -> IndexReport:
        with self._errors():
            self._ensure_alias()
            report = self._bulk(self.alias, docs)
            self.client.indices.refresh(index=self.alias)
        return report

    def delete(self, ids: Iterable[str]) -> None:
        with self._errors():
            self._ensure_alias()
            actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids)
            failures = [
                info for ok, info in self._stream(actions)
                if not ok and info["delete"].get("status") != 404  # already gone is fine
            ]
            self.client.indices.refresh(index=self.alias)
        if failures:
            raise RuntimeError(f"{len(failures)} deletions failed, e.g. {failures[0]}")

    def rebuild(self, docs: Iterable[dict[str, Any]]) -> IndexReport:
        with self._errors():
            self._put_template()
            new = f"{self.alias}-v{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')[:-3]}"
            self.client.indices.create(index=new)
            try:
                report = self._bulk(new, docs)
                self.client.indices.refresh(index=new)
                old = self._swap_alias(new)
            except BaseException:
                self._discard(new)
                raise
            for index in old:
                self.client.indices.delete(index=index, ignore_unavailable=True)
            self._ready = True
        return report

    def drop_all(self) -> None:
        """Delete every index and the template of this prefix (tests, uninstall)."""
        with self._errors():
            # By name: Elasticsearch 8 refuses wildcard deletes by default.
            names = self.client.indices.get(index=f"{self.alias}-v*", allow_no_indices=True)
            for name in names.body:
                self.client.indices.delete(index=name, ignore_unavailable=True)
            self.client.options(ignore_status=404).indices.delete_index_template(name=self.alias)
        self._ready = False

    def _bulk(self, index: str, docs: Iterable[dict[str, Any]]) -> IndexReport:
        report = IndexReport()
        for ok, info in self._stream(self._actions(index, docs, report)):
            if ok:
                report.indexed += 1
            else:
                report.errors.append(rejection(info))
        return report

    def _actions(
        self, index: str, docs: Iterable[dict[str, Any]], report: IndexReport
    ) -> Iterator[dict[str, Any]]:
        for doc in docs:
            try:
                yield bulk_action(index, doc)
            except Exception as exc:  # noqa: BLE001 - one bad document is reported, not fatal
                report.errors.append((str(doc.get("id", "?")), f"{type(exc).__name__}: {exc}"))

    def _stream(self, actions: Iterable[dict[str, Any]]) -> Iterator[tuple[bool, dict]]:
        from elasticsearch.helpers import streaming_bulk

        return streaming_bulk(
            self.client, actions, chunk_size=BULK_CHUNK, max_retries=BULK_RETRIES,
            initial_backoff=self.bulk_backoff, retry_on_status=RETRY_STATUS,
            raise_on_error=False, raise_on_exception=False,
        )

    # -- the alias -------------------------------------------------------------------

    def _ensure_alias(self) -> None:
        """Create the template and a first index behind the alias, once; or check the one
        there was written under this mapping."""
        if self._ready:
            return
        if self.client.indices.exists_alias(name=self.alias):
            self._check_mapping()
        else:
            self._put_template()
            # A fixed first name: two processes starting at once create one index.
            first = f"{self.alias}-v0"
            try:
                self.client.indices.create(index=first, aliases={self.alias: {}})
            except Exception as exc:
                if getattr(exc, "error", None) != "resource_already_exists_exception":
                    raise
        self._ready = True

    def _check_mapping(self) -> None:
        found = self.client.indices.get_mapping(index=self.alias).body
        for index, mapping in sorted(found.items()):
            version = recorded_version(mapping)
            if version != MAPPING_VERSION:
                raise BackendUnavailable(
                    f"The Elasticsearch index {index} has schema {version}, this unionkb "
                    f"needs {MAPPING_VERSION}: rebuild it from the archive with "
                    "`unionkb reindex`."
                )

    def _put_template(self) -> None:
        body = index_template(f"{self.alias}-v*", self.shards, self.replicas)
        self.client.indices.put_index_template(name=self.alias, body=body)

    def _behind_alias(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias).body)

    def _swap_alias(self, new: str) -> list[str]:
        """Point the alias at ``new`` only, in one request; return the indexes it left."""
        old = self._behind_alias()
        actions = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        actions.append({"add": {"index": new, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        return [i for i in old if i != new]

    def _discard(self, new: str) -> None:
        # Never delete what the alias serves: the swap may have happened before an error.
        with contextlib.suppress(Exception):
            if new not in self._behind_alias():
                self.client.indices.delete(index=new, ignore_unavailable=True)

    # -- reading ---------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        body = build_search_body(query)
        with self._errors():
            self._ensure_alias()
            response = self.client.search(index=self.alias, body=body)
        return read_search_response(response.body, query)

    def count(self, query: SearchQuery) -> int:
        body = build_count_body(query)
        with self._errors():
            self._ensure_alias()
            return int(self.client.count(index=self.alias, body=body)["count"])

    def scan(self, query: SearchQuery) -> Iterator[dict[str, Any]]:
        return (hit["_source"] for hit in self._hits(build_scan_body(query, self.scan_page)))

    def scan_ids(self, query: SearchQuery) -> list[str]:
        # Ids only: each hit's _id is its article's id, and no _source crosses the wire.
        body = {**build_scan_body(query, self.scan_page), "_source": False}
        return [hit["_id"] for hit in self._hits(body)]

    def _hits(self, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Every hit of ``body``; the point in time is opened now, so an unreachable
        server is an error of the call, not of the first read."""
        with self._errors():
            self._ensure_alias()
            pit = self.client.open_point_in_time(index=self.alias, keep_alive=PIT_KEEP_ALIVE)
        return self._walk(body, pit["id"])

    def _walk(self, body: dict[str, Any], pit_id: str) -> Iterator[dict[str, Any]]:
        """Pages of one point-in-time snapshot, each starting after the last hit."""
        try:
            with self._errors():
                while True:
                    body["pit"] = {"id": pit_id, "keep_alive": PIT_KEEP_ALIVE}
                    response = self.client.search(body=body).body
                    hits = response["hits"]["hits"]
                    yield from hits
                    if len(hits) < body["size"]:
                        return
                    body["search_after"] = hits[-1]["sort"]
                    pit_id = response.get("pit_id", pit_id)
        finally:
            with contextlib.suppress(Exception):
                self.client.close_point_in_time(id=pit_id)

    def histogram(
        self, query: SearchQuery, interval: Literal["year", "month"], by: str | None = None
    ) -> list[Bucket]:
        body = build_histogram_body(query, interval, by)
        with self._errors():
            self._ensure_alias()
            response = self.client.search(index=self.alias, body=body).body
        return histogram_buckets(response["aggregations"]["histogram"], by)

    def facet_page(self, query: SearchQuery, request: FacetRequest) -> FacetPage:
        body = build_facet_body(query, request)
        with self._errors():
            self._ensure_alias()
            response = self.client.search(index=self.alias, body=body).body
        return page_of_values(response.get("aggregations", {}).get("values"), request)

    def state(self) -> Hashable | None:
        """The indexes behind the alias and how often each was refreshed: a write becomes
        visible to searches only by a refresh (ours after every batch, or the cluster's
        own each second while there are changes), and an index nobody writes to is not
        refreshed, so the value holds still until something new can be found. One small
        request per call, against an analysis that reads every article in scope."""
        with self._errors():
            self._ensure_alias()
            stats = self.client.indices.stats(index=self.alias, metric="refresh").body
        return tuple(sorted((name, int(index["total"]["refresh"]["total"]))
                            for name, index in stats.get("indices", {}).items()))

    def close(self) -> None:
        self.client.close()

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Connection and credential failures become one clear message, not a traceback."""
        try:
            yield
        except Exception as exc:
            problem = unavailable_reason(exc)
            if problem is None:
                raise
            raise BackendUnavailable(f"Elasticsearch at {self.where} {problem}") from None


# -- pure helpers ------------------------------------------------------------------


def bulk_action(index: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The bulk ``index`` action for one document: itself plus its derived fields."""
    if not doc.get("id"):
        raise ValueError("document has no id")
    source = {**doc, **{k: v for k, v in derived_values(doc).items() if v is not None}}
    return {"_op_type": "index", "_index": index, "_id": str(doc["id"]), "_source": source}


def rejection(info: dict[str, Any]) -> tuple[str, str]:
    """(document id, reason) from one failed streaming_bulk item."""
    (op, item), = info.items()
    error = item.get("error")
    if isinstance(error, dict):
        reason = f"{error.get('type', 'error')}: {error.get('reason', '')}"
        caused = error.get("caused_by")
        if isinstance(caused, dict) and caused.get("reason"):
            reason += f" ({caused['reason']})"
    else:
        reason = str(error or f"{op} failed")
    return str(item.get("_id", "?")), f"status {item.get('status', '?')}: {reason}"


def unavailable_reason(exc: Exception) -> str | None:
    """Why the server cannot be used, for errors a user can fix; None for the rest."""
    from elastic_transport import ConnectionError as TransportConnectionError
    from elastic_transport import ConnectionTimeout, TlsError
    from elasticsearch import AuthenticationException, AuthorizationException

    if isinstance(exc, TlsError):
        return f"refused the TLS connection ({exc}): check ELASTICSEARCH_CA_CERTS."
    if isinstance(exc, ConnectionTimeout):
        return "did not answer in time: is it overloaded or still starting?"
    if isinstance(exc, TransportConnectionError):
        return (
            "cannot be reached: start it (`docker compose up -d elasticsearch`) "
            "or point ELASTICSEARCH_URL at a running server."
        )
    if isinstance(exc, AuthenticationException | AuthorizationException):
        return (
            f"rejected our credentials (HTTP {exc.meta.status}): check ELASTICSEARCH_API_KEY "
            "or ELASTICSEARCH_USER and ELASTICSEARCH_PASSWORD."
        )
    return None


def connect(settings: Settings) -> Elasticsearch:
    """A client from the settings; it connects on first use, not here."""
    if not settings.elasticsearch_url:
        raise BackendUnavailable(
            "UNIONKB_BACKEND=elasticsearch needs ELASTICSEARCH_URL, "
            "e.g. http://127.0.0.1:9200 (see docker-compose.yml)."
        )
    try:
        from elasticsearch import Elasticsearch
    except ImportError:
        message = f"The Elasticsearch backend needs its client. {INSTALL_HINT}"
        raise BackendUnavailable(message) from None
    return Elasticsearch(settings.elasticsearch_url, **connection_options(settings))


def connection_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {
        "request_timeout": 30,
        "max_retries": 3,
        "retry_on_timeout": True,
        "retry_on_status": (502, 503, 504),
    }
    if settings.elasticsearch_api_key:
        options["api_key"] = settings.elasticsearch_api_key
    elif settings.elasticsearch_user:
        options["basic_auth"] = (settings.elasticsearch_user, settings.elasticsearch_password or "")
    if settings.elasticsearch_ca_certs:
        options["ca_certs"] = settings.elasticsearch_ca_certs
    return options
