"""The JSON API stands alone: loading it, and the use cases the pages share, loads
neither the pages nor the crawler (``test_import_graph.py`` reads the same rule from
the source)."""

from __future__ import annotations

import subprocess
import sys

from tests.paths import REPO


def test_the_api_loads_without_the_pages_or_the_crawler() -> None:
    probe = ("import sys, api.app, api.services.figures, api.services.programmes; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'web', 'crawler'}))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr
