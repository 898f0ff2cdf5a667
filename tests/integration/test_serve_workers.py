"""`unionkb serve --workers N` as a user runs it: N processes behind one port, one index."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_unionkb(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], capture_output=True,
                          text=True, env={**os.environ, "UNIONKB_HOME": str(home)}, timeout=300)


def get_json(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
        return json.load(answer)


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


def wait_until_served(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        try:
            get_json(port, "/healthz")
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("unionkb serve --workers did not answer within 120 s")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_share_one_port_and_one_index(tmp_path: Path) -> None:
    assert run_unionkb("demo", "--no-serve", home=tmp_path).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "serve", "--port", str(port),
         "--workers", str(WORKERS)],
        env={**os.environ, "UNIONKB_HOME": str(tmp_path)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    try:
        wait_until_served(server, port)
        query = urllib.parse.quote("工会")
        answers = [get_json(port, f"/api/search?q={query}") for _ in range(10)]
        assert {a["total"] for a in answers} == {answers[0]["total"]} and answers[0]["total"] > 0
        workers = children(server.pid)
        assert len(workers) >= WORKERS, workers
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    # The supervisor stops its workers with it (a helper process of multiprocessing may
    # take a moment longer to notice its parent is gone).
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not all(_gone(pid) for pid in workers):
        time.sleep(0.2)
    assert all(_gone(pid) for pid in workers), [_command(pid) for pid in workers]


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists() or _zombie(pid)


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "gone"


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.parametrize("value", ["0", "many", "65"])
def test_a_bad_worker_count_is_refused_with_its_reason(value: str, tmp_path: Path) -> None:
    result = run_unionkb("serve", "--workers", value, home=tmp_path)
    assert result.returncode == 2 and "--workers must" in result.stderr
