"""A live server for the deploy/ checks: an embedded server with no workers and two queued
submissions (so the queue is not empty), scraped once; and a runner for ``promtool``."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import start_server, stop_server
from tests.metrics.live import submit

DEPLOY = Path(__file__).parents[2] / "deploy"
QUEUED = 2

# The series a family of each type exposes (prometheus-client's text format).
_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "gauge": ("",),
    "summary": ("", "_count", "_sum", "_created"),
}


@dataclass(frozen=True)
class Live:
    metrics: str  # GET /metrics
    queue: dict[str, Any]  # GET /api/v1/queue

    def series_names(self) -> set[str]:
        """Every series name the server exports, whether or not it has a sample yet (a
        counter with labels has none until first incremented)."""
        names: set[str] = set()
        for family in text_string_to_metric_families(self.metrics):
            names.update(family.name + s for s in _SUFFIXES.get(family.type, ("",)))
            names.update(s.name for s in family.samples)
        return names


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    server = start_server(tmp_path_factory.mktemp("deploy"), 0)
    try:
        with server.client() as c:
            for _ in range(QUEUED):
                submit(c)
            queue = c.get("/api/v1/queue").json()
            text = c.get("/metrics").text  # a local client, no token set: admitted
        yield Live(text, queue)
    finally:
        stop_server(server)


def promtool(*args: str, cwd: Path) -> str:
    """Run promtool (Debian's ``prometheus`` package); fail the test with its output."""
    done = subprocess.run(["promtool", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
