"""deploy/grafana/codejudge.json: every query is valid PromQL (``promtool check rules`` on a
rules file made of them) and names only metrics a live server exports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from tests.deploy.conftest import DEPLOY, Live, promtool

DASHBOARD = DEPLOY / "grafana" / "codejudge.json"
_NAME = re.compile(r"\bcodejudge_[a-z_]+\b")


def _exprs() -> list[str]:
    board: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return [t["expr"] for panel in board["panels"] for t in panel["targets"]]


def test_queries_are_valid_promql(tmp_path: Path) -> None:
    # Grafana's interval variable is no PromQL: put a duration where it stands.
    exprs = [e.replace("$__rate_interval", "5m") for e in _exprs()]
    rules = [{"record": f"codejudge:panel_{i}", "expr": e} for i, e in enumerate(exprs)]
    (tmp_path / "panels.yml").write_text(
        yaml.safe_dump({"groups": [{"name": "g", "rules": rules}]})
    )
    out = promtool("check", "rules", "panels.yml", cwd=tmp_path)
    assert f"SUCCESS: {len(exprs)} rules found" in out


def test_queries_name_exported_metrics(live: Live) -> None:
    used = {name for e in _exprs() for name in _NAME.findall(e)}
    assert len(used) >= 15
    assert used <= live.series_names(), used - live.series_names()


def test_panels_are_placed_and_unique() -> None:
    board = json.loads(DASHBOARD.read_text())
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids))
    assert all(p["datasource"]["uid"] == "${DS_PROMETHEUS}" for p in board["panels"])


def test_alerted_metrics_are_on_the_dashboard() -> None:
    """Whatever an alert fires on has a panel to look at (the stuck jobs' too)."""
    rules = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    alerted = {n for rule in rules["groups"][0]["rules"] for n in _NAME.findall(rule["expr"])}
    shown = {name for e in _exprs() for name in _NAME.findall(e)}
    assert alerted <= shown, alerted - shown
    assert "codejudge_jobs_stuck" in shown


def test_queue_wait_panels_select_a_priority() -> None:
    """A rejudge backlog waits long by design: no queue wait query mixes it with runs and
    submissions, and the p95 the alert watches (runs + submissions) is drawn."""
    waits = [e for e in _exprs() if "codejudge_queue_wait_seconds" in e]
    assert waits and all("{priority" in e for e in waits), waits
    interactive = 'codejudge_queue_wait_seconds_bucket{priority=~"run|submit"}'
    assert any(e.startswith("histogram_quantile(0.95,") and interactive in e for e in waits)
