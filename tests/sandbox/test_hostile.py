"""The golden hostile-program suite: every folder in tests/hostile/ is one attack.

A case is ``main.py`` or ``main.c`` plus ``expect.toml`` (``verdict``, optional ``stdout`` —
default "ok" —, ``[limits]`` overrides and a ``threat`` line for docs/security.md). Programs
print "ok" when the attack was refused, so a case whose defence fails becomes wrong_answer
(or worse). In the source, ``@CANARY@`` becomes the path of a host file the program must not
reach, ``@CANARY_NAME@`` its name, and ``@MARKER@`` a token in every process of the run.

Beyond its verdict each case asserts that the host is intact: the canary and its folder are
unchanged, no process of the run survives, the run's cgroup is gone and the next box works.
Adding a case is adding a folder. C is compiled by gcc inside a box, through the Sandbox API.
"""

from __future__ import annotations

import os
import tomllib
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from codejudge.models import Verdict
from codejudge.sandbox import InputFile, RunFacts, RunLimits, Sandbox, open_sandbox
from codejudge.verdict import Facts, judge_test
from tests.sandbox.test_sandbox import host_processes_with

CASES = Path(__file__).parents[1] / "hostile"
PY = "/usr/bin/python3"
COMPILE = RunLimits(
    cpu_ms=10_000, wall_ms=20_000, memory_kb=512 * 1024, processes=32,
    stdout_bytes=16 * 1024 * 1024, stderr_bytes=64 * 1024,
)  # fmt: skip
# gcc writes the program to a tmpfs and it leaves through stdout: no host path is involved.
GCC = ["/bin/sh", "-c", "gcc -O1 -pipe -o /tmp/main main.c -lpthread 1>&2 && exec cat /tmp/main"]


@dataclass(frozen=True)
class Case:
    name: str
    language: str
    source: str
    verdict: Verdict
    stdout: str
    limits: RunLimits
    stdin: str

    @classmethod
    def load(cls, folder: Path) -> Case:
        expect = tomllib.loads((folder / "expect.toml").read_text())
        source = next(folder.glob("main.*"))
        limits = {"cpu_ms": 1000, "wall_ms": 2000, "memory_kb": 64 * 1024, "processes": 16}
        limits.update({"stdout_bytes": 64 * 1024, "stderr_bytes": 16 * 1024})
        limits.update(expect.get("limits", {}))
        return cls(
            name=folder.name,
            language={".py": "python", ".c": "c"}[source.suffix],
            source=source.read_text(),
            verdict=Verdict(expect["verdict"]),
            stdout=expect.get("stdout", "ok"),
            limits=RunLimits(**limits),
            stdin=expect.get("stdin", ""),
        )


def folders() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("."))


def cases() -> list[Case]:
    return [Case.load(folder) for folder in folders()]


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()
    return box


@pytest.fixture
def canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A host file the box must never read, change or remove (nor add files beside)."""
    monkeypatch.setenv("CODEJUDGE_HOSTILE_SECRET", "the-host-secret")
    path = tmp_path / f"canary-{uuid.uuid4().hex}"
    path.write_text("the-host-secret\n")
    os.chmod(tmp_path, 0o755)  # readable by the box's host uid, were it able to see it
    return path


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        p.name: (p.stat().st_mtime_ns, p.stat().st_mode, p.read_bytes()) for p in folder.iterdir()
    }


def substitute(case: Case, canary: Path, marker: str) -> str:
    return (
        case.source.replace("@CANARY@", str(canary))
        .replace("@CANARY_NAME@", canary.name)
        .replace("@MARKER@", marker)
    )


def run_case(
    sandbox: Sandbox, case: Case, source: str, marker: str, prepared: bool = False
) -> Verdict:
    """Compile (C) and run the case; ``prepared``: in a box set up ahead of its run, as the
    judge runs a stdio problem's tests (``Sandbox.prepare``)."""

    def run(command: list[str], files: list[InputFile]) -> RunFacts:
        stdin = case.stdin.encode()
        if not prepared:
            return sandbox.run(command, limits=case.limits, files=files, stdin=stdin)
        with sandbox.prepare(command, limits=case.limits, files=files) as box:
            return box.run(stdin)

    if case.language == "python":
        facts = run([PY, "-B", "main.py", marker], [InputFile("/box/main.py", source.encode())])
        return verdict_of(facts, case.stdout)
    compiled = sandbox.run(GCC, limits=COMPILE, files=[InputFile("/box/main.c", source.encode())])
    if compiled.exit_code != 0 or compiled.output_limit_hit or compiled.cpu_limit_hit:
        return Verdict.COMPILE_ERROR
    facts = run(["/box/main", marker], [InputFile("/box/main", compiled.stdout, mode=0o555)])
    return verdict_of(facts, case.stdout)


def verdict_of(facts: RunFacts, expected: str) -> Verdict:
    return judge_test(
        Facts(
            time_limit_hit=facts.cpu_limit_hit or facts.wall_limit_hit,
            memory_limit_hit=facts.memory_limit_hit,
            output_limit_hit=facts.output_limit_hit,
            crashed=facts.exit_code != 0,
            answer_ok=facts.stdout.decode(errors="replace").strip() == expected.strip(),
        )
    )


def leftover_cgroups(sandbox: Sandbox) -> list[str]:
    """Run cgroups of this test process still present (each run must remove its own)."""
    prefix = f"{os.getpid()}-"
    found = []
    for root in ("/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified"):
        for folder, dirs, _ in os.walk(root):
            if os.path.basename(folder) == "codejudge":
                found += [d for d in dirs if d.startswith(prefix)]
                dirs.clear()
    return found if sandbox.cgroup_version else []


@pytest.mark.timeout(60)
@pytest.mark.parametrize("prepared", [False, True], ids=["cold", "pre-started"])
@pytest.mark.parametrize("case", cases(), ids=lambda c: f"{c.language}-{c.name}")
def test_hostile_program(sandbox: Sandbox, canary: Path, case: Case, prepared: bool) -> None:
    """The attack gets its verdict, and the host is exactly as it was, whether its box was
    started for it or set up ahead of it."""
    marker = f"cj-hostile-{uuid.uuid4().hex}"
    before = snapshot(canary.parent)
    verdict = run_case(sandbox, case, substitute(case, canary, marker), marker, prepared)
    assert verdict == case.verdict
    assert snapshot(canary.parent) == before
    assert host_processes_with(marker) == []
    sandbox.collect_cgroups()  # a run leaves its cgroup to the next one if it is still busy
    assert leftover_cgroups(sandbox) == []
    assert sandbox.run(["/usr/bin/true"], limits=RunLimits()).exit_code == 0


def test_every_case_names_its_threat() -> None:
    """docs/security.md cites each case by its ``threat``; a case without one is unexplained."""
    for folder in folders():
        assert tomllib.loads((folder / "expect.toml").read_text()).get("threat"), folder.name
