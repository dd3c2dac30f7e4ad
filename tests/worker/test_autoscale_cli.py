"""``--autoscale MIN:MAX`` on ``codejudge worker`` and ``serve``: what the command line refuses
before anything starts (a usage error, exit status 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from codejudge.cli import app
from tests.conftest import codejudge_env


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["worker", "--autoscale", "4:1"], "MIN <= MAX"),
        (["worker", "--autoscale", "0:0"], "got 0:0"),
        (["worker", "--autoscale", "three"], "MIN:MAX"),
        (["worker", "--autoscale", "1:2", "--concurrency", "2"], "not both"),
        (["serve", "--autoscale", "1:"], "MIN:MAX"),
        (["serve", "--autoscale", "1:2", "--workers", "0"], "not both"),
    ],
)
def test_refused(args: list[str], why: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, args, env=codejudge_env(tmp_path))
    assert result.exit_code == 2, result.output
    assert why in result.output
    assert not (tmp_path / "codejudge.db").exists()  # refused before opening anything
