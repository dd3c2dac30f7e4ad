"""deploy/prometheus: the alert rules are valid and behave as their unit tests say
(``promtool test rules``), name only metrics a live server exports, and the example scrape
configuration is valid."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.deploy.conftest import DEPLOY, Live, promtool

RULES = DEPLOY / "prometheus" / "alerts.yml"
_NAME = re.compile(r"\bcodejudge_[a-z_]+\b")


def test_rules_are_valid() -> None:
    assert "SUCCESS: 6 rules found" in promtool("check", "rules", RULES.name, cwd=RULES.parent)


def test_rules_unit_tests_pass() -> None:
    promtool("test", "rules", "alerts.test.yml", cwd=RULES.parent)


def test_every_alert_is_unit_tested() -> None:
    rules = yaml.safe_load(RULES.read_text())["groups"][0]["rules"]
    cases = yaml.safe_load((RULES.parent / "alerts.test.yml").read_text())["tests"]
    tested = {t["alertname"] for case in cases for t in case["alert_rule_test"] if t["exp_alerts"]}
    assert {r["alert"] for r in rules} == tested


def test_rules_name_exported_metrics(live: Live) -> None:
    rules = yaml.safe_load(RULES.read_text())["groups"][0]["rules"]
    used = {name for rule in rules for name in _NAME.findall(rule["expr"])}
    assert used and used <= live.series_names(), used - live.series_names()


def test_scrape_config_is_valid(tmp_path: Path) -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    token = tmp_path / "token"
    token.write_text("secret\n")
    config["scrape_configs"][0]["authorization"]["credentials_file"] = str(token)
    config["rule_files"] = [str(RULES)]
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    promtool("check", "config", "prometheus.yml", cwd=tmp_path)
