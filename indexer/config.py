"""Settings, read once from the environment, with defaults that work on a laptop.

Everything unionkb keeps (archive, index, raw pages) lives under one data folder,
``UNIONKB_HOME``, so a user can move, back up or delete one folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _default_home() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "unionkb"


@dataclass(frozen=True)
class Settings:
    home: Path
    backend: str = "tantivy"
    elasticsearch_url: str | None = None
    elasticsearch_api_key: str | None = None
    elasticsearch_user: str | None = None
    elasticsearch_password: str | None = None
    elasticsearch_ca_certs: str | None = None
    index_prefix: str = "unionkb"
    shards: int = 1
    replicas: int = 0
    # Analysis answers the server keeps until the archive or index changes (0: none).
    answers_kept: int = 64
    # Seconds between the server's looks at the index, to count a new state's first
    # screen before anybody asks (api.services.warming; 0: never).
    warm_seconds: float = 1.0
    # UNIONKB_ADMIN_TOKEN: writes over HTTP (api.admin); never in a repr or a log line.
    admin_token: str | None = field(default=None, repr=False)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def archive_path(self) -> Path:
        return self.home / "archive.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def raw_dir(self) -> Path:
        return self.home / "raw"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    home = Path(env["UNIONKB_HOME"]).expanduser() if env.get("UNIONKB_HOME") else _default_home()
    return Settings(
        home=home,
        backend=env.get("UNIONKB_BACKEND", "tantivy"),
        elasticsearch_url=env.get("ELASTICSEARCH_URL") or None,
        elasticsearch_api_key=env.get("ELASTICSEARCH_API_KEY") or None,
        elasticsearch_user=env.get("ELASTICSEARCH_USER") or None,
        elasticsearch_password=env.get("ELASTICSEARCH_PASSWORD") or None,
        elasticsearch_ca_certs=env.get("ELASTICSEARCH_CA_CERTS") or None,
        index_prefix=env.get("UNIONKB_INDEX_PREFIX", "unionkb"),
        shards=int(env.get("UNIONKB_SHARDS", "1")),
        replicas=int(env.get("UNIONKB_REPLICAS", "0")),
        answers_kept=int(env.get("UNIONKB_ANSWERS_KEPT", "64")),
        warm_seconds=float(env.get("UNIONKB_WARM_SECONDS", "1")),
        admin_token=env.get("UNIONKB_ADMIN_TOKEN") or None,
    )
