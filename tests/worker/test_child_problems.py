"""The judging child's own problem cache: loaded when a job needs one, reloaded on change."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from codejudge.problems import BUNDLED_DIR
from codejudge.worker.child import Problems


def test_an_edit_in_place_to_a_test_file_is_seen(tmp_path: Path) -> None:
    """Any file of the package counts, not only problem.toml and the folder's own mtime: a
    test rewritten in place (same size, same folder) is judged with its new contents."""
    shutil.copytree(BUNDLED_DIR / "a-plus-b", tmp_path / "a-plus-b")
    problems = Problems([tmp_path])
    before = problems.get("a-plus-b")
    assert problems.get("a-plus-b") is before  # unchanged: served from the cache
    test = next(p for p in sorted((tmp_path / "a-plus-b" / "tests").rglob("*.in")))
    folder_mtime = (tmp_path / "a-plus-b").stat().st_mtime_ns
    text = test.read_text()
    test.write_text(text.replace("1", "2", 1) if "1" in text else text.replace("0", "3", 1))
    os.utime(tmp_path / "a-plus-b", ns=(folder_mtime, folder_mtime))
    after = problems.get("a-plus-b")
    assert after is not before
    assert [t.input for t in after.tests] != [t.input for t in before.tests]
