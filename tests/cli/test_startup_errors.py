"""Start-up refusals of the ``codejudge`` command: a usage error (exit status 2) that says what
to fix, and never a traceback, whose local variables would print the settings (the admin token,
the database URL with its password) into logs. Real processes, as an operator runs them."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from codejudge.runtime import Runtime
from codejudge.settings import Settings
from tests.conftest import codejudge_env

SECRET = "sekret-admin-token-123"


def codejudge(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codejudge.cli", *args],
        env=codejudge_env(tmp_path, CODEJUDGE_ADMIN_TOKEN=SECRET, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_bad_setting_is_named_without_a_traceback_or_secrets(tmp_path: Path) -> None:
    done = codejudge(tmp_path, "worker", CODEJUDGE_AUTOSCALE="3:1")
    assert done.returncode == 2, done.stderr
    assert "CODEJUDGE_AUTOSCALE" in done.stderr and "MIN <= MAX" in done.stderr
    assert "Traceback" not in done.stderr and SECRET not in done.stderr + done.stdout


def test_a_metrics_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = codejudge(
            tmp_path, "worker", "--metrics-host", "127.0.0.1", "--metrics-port", str(port)
        )
    assert done.returncode == 2, done.stderr
    assert "--metrics-port" in done.stderr and "choose another port" in done.stderr
    assert "Traceback" not in done.stderr and SECRET not in done.stderr + done.stdout


def test_a_metrics_port_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    done = codejudge(tmp_path, "worker", "--metrics-port", "99999")
    assert done.returncode == 2 and "99999" in done.stderr
    assert SECRET not in done.stderr + done.stdout


def test_an_explicit_slot_count_wins_over_the_autoscaler(tmp_path: Path) -> None:
    """``serve --processes K --workers 0`` reaches its processes as CODEJUDGE_WORKERS=0: with
    CODEJUDGE_AUTOSCALE in the environment too, they must stay API-only."""
    runtime = Runtime(Settings(data_dir=tmp_path, workers=0, autoscale="1:2"))
    try:
        assert runtime.pool is None and runtime.autoscaler is None
    finally:
        runtime.close()
    runtime = Runtime(Settings(data_dir=tmp_path, workers=2, autoscale="1:3"))
    try:
        assert runtime.pool is not None and runtime.pool.concurrency == 2
        assert runtime.autoscaler is None
    finally:
        runtime.close()
