"""deploy/keda: both ScaledObjects are read as KEDA would, against a live server with two
queued jobs and no worker: the Prometheus scaler's query, evaluated by promtool over the
server's own /metrics samples, gives the desired slots (2); the Metrics API scaler's
``valueLocation`` finds the depth (2) in ``GET /api/v1/queue``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.deploy.conftest import DEPLOY, QUEUED, Live, promtool


def _trigger(name: str) -> dict[str, Any]:
    scaled = yaml.safe_load((DEPLOY / "keda" / name).read_text())
    assert scaled["apiVersion"] == "keda.sh/v1alpha1" and scaled["kind"] == "ScaledObject"
    assert scaled["spec"]["scaleTargetRef"]["name"] == "codejudge-worker"
    (trigger,) = scaled["spec"]["triggers"]
    return dict(trigger)


def test_prometheus_query_on_live_metrics(live: Live, tmp_path: Path) -> None:
    trigger = _trigger("prometheus.yaml")
    assert trigger["type"] == "prometheus"
    query = trigger["metadata"]["query"]
    assert float(trigger["metadata"]["threshold"]) > 0
    # The live server's gauges as series for two API hosts (both report the same numbers).
    series = [
        {"series": f'{s.name}{{instance="{host}"}}', "values": f"{s.value:g}"}
        for family in text_string_to_metric_families(live.metrics)
        if family.type == "gauge"
        for s in family.samples
        if not s.labels
        for host in ("api-1:8000", "api-2:8000")
    ]
    test = {
        "tests": [
            {
                "interval": "1m",
                "input_series": series,
                "promql_expr_test": [
                    {
                        "expr": query,
                        "eval_time": "0m",
                        "exp_samples": [{"labels": "{}", "value": QUEUED}],
                    }
                ],
            }
        ]
    }
    (tmp_path / "keda.test.yml").write_text(yaml.safe_dump(test))
    promtool("test", "rules", "keda.test.yml", cwd=tmp_path)


def _gjson(document: Any, path: str) -> Any:
    """KEDA's ``valueLocation`` is a GJSON path; ours is plain keys joined by dots."""
    for key in path.split("."):
        document = document[int(key)] if isinstance(document, list) else document[key]
    return document


def test_metrics_api_value_location_on_live_queue(live: Live) -> None:
    trigger = _trigger("metrics-api.yaml")
    assert trigger["type"] == "metrics-api"
    metadata = trigger["metadata"]
    assert metadata["url"].endswith("/api/v1/queue")
    assert _gjson(live.queue, metadata["valueLocation"]) == QUEUED
    assert float(metadata["targetValue"]) > 0
