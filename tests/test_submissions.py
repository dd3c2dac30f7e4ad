"""``Submissions.redrive`` against real stores (SQLite, PostgreSQL) and real queues (SQLite,
Redis), with a worker or a second operator stepping in between its steps: a re-driven job
always ends judged once, and the store and the queue never disagree about it.

The steps are interleaved by wrapping one real method of the real queue or store (a spy that
calls it, then lets the other party act), as a worker woken by the re-drive would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from codejudge.exceptions import Conflict, InvalidInput, NotFound, TooLarge
from codejudge.models import (
    ADHOC_PROBLEM,
    CustomInput,
    JudgeResult,
    Limits,
    NewSubmission,
    Priority,
    Role,
    Status,
    Submission,
    SubmissionKind,
    Verdict,
)
from codejudge.problems import BUNDLED_DIR, load_problem_set
from codejudge.queue import JobState, Queue, open_queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.submissions import Submissions
from codejudge.worker import process_one, reconcile
from tests.queue.conftest import BACKENDS as QUEUE_BACKENDS
from tests.solutions import PYTHON_A_PLUS_B, PYTHON_TWO_SUM
from tests.store.conftest import pg_databases, pg_url, url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The store's backend (``url`` from tests/store/conftest.py reads it)."""
    return str(request.param)


@pytest.fixture(params=sorted(QUEUE_BACKENDS))
def queue(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Queue]:
    with QUEUE_BACKENDS[request.param](tmp_path) as queue_url:
        opened = open_queue(queue_url)
        yield opened
        opened.close()


@pytest.fixture
def submissions(url: str, queue: Queue, tmp_path: Path) -> Iterator[Submissions]:  # noqa: F811
    with Store(url) as store:
        yield Submissions(Settings(data_dir=tmp_path), load_problem_set(BUNDLED_DIR), store, queue)


def dead_submission(submissions: Submissions) -> str:
    """A submission whose only delivery failed for good, as under a worker: the queue buries
    the job, then the store finishes it as ``internal_error``."""
    sub = submissions.submit(NewSubmission("two-sum", "python", PYTHON_TWO_SUM))
    (lease,) = submissions.queue.claim("test-host:1:0", 1, 30)
    assert submissions.store.start(sub.id, lease.token)
    assert submissions.queue.fail(lease, "the child died", retry=False) is JobState.DEAD
    died = JudgeResult(Verdict.INTERNAL_ERROR, error="the child died")
    assert submissions.store.finish(sub.id, lease.token, died)
    return sub.id


def after(owner: object, method: str, step: Callable[[], None]) -> Callable[..., object]:
    """``owner.method`` that, once the real one has returned, runs ``step`` (once)."""
    real = getattr(owner, method)
    pending = [step]

    def spied(*args: object) -> object:
        value = real(*args)
        while pending:
            pending.pop()()
        return value

    return spied


def judge_now(submissions: Submissions) -> Callable[[], None]:
    """A worker woken by the re-drive: claims the job and judges it, in this thread."""

    def step() -> None:
        assert process_one(submissions.store, submissions.queue, [BUNDLED_DIR]) is not None

    return step


def assert_judged(submissions: Submissions, job_id: str) -> None:
    got = submissions.store.get(job_id)
    assert (got.status, got.verdict) == (Status.FINISHED, Verdict.ACCEPTED), got
    assert submissions.queue.state(job_id) is JobState.DONE


def test_a_worker_woken_by_the_redrive_judges_the_reopened_submission(
    submissions: Submissions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The queue's re-drive wakes a worker, which may claim the job before ``redrive``
    returns: it must find the submission ``queued`` (not still ``finished``, which it would
    ack as already judged, leaving the store ``queued`` with no job in the queue)."""
    job_id = dead_submission(submissions)
    queue = submissions.queue
    monkeypatch.setattr(queue, "redrive", after(queue, "redrive", judge_now(submissions)))
    submissions.redrive(job_id)
    assert_judged(submissions, job_id)


def test_between_reopen_and_redrive_nothing_takes_the_job(
    submissions: Submissions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reopened but still dead: no worker can claim it, and the reconciler (which enqueues
    what the store has queued and the queue lost) leaves a dead job to the re-drive."""
    job_id = dead_submission(submissions)
    store, queue = submissions.store, submissions.queue
    seen: list[object] = []

    def meanwhile() -> None:
        assert store.get(job_id).status is Status.QUEUED
        seen.append(queue.claim("test-host:1:1", 1, 30))
        seen.append(reconcile(store, queue, older_than=0))

    monkeypatch.setattr(store, "reopen", after(store, "reopen", meanwhile))
    submissions.redrive(job_id)
    assert seen == [[], 0]
    assert queue.state(job_id) is JobState.READY
    assert process_one(store, queue, [BUNDLED_DIR]) is not None
    assert_judged(submissions, job_id)


def test_of_two_operators_redriving_at_once_one_wins(
    submissions: Submissions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second re-drive between the first's reopen and its queue step takes the job; the
    first gets ``Conflict``. Either way the job is queued once and judged once."""
    job_id = dead_submission(submissions)
    store, queue = submissions.store, submissions.queue
    other = Submissions(submissions.settings, submissions.problems, store, queue)
    monkeypatch.setattr(store, "reopen", after(store, "reopen", lambda: other.redrive(job_id)))
    with pytest.raises(Conflict, match="left the dead letters"):
        submissions.redrive(job_id)
    assert (store.get(job_id).status, queue.state(job_id)) == (Status.QUEUED, JobState.READY)
    with pytest.raises(Conflict, match="not in the dead letters"):
        other.redrive(job_id)  # ready now, not dead
    assert process_one(store, queue, [BUNDLED_DIR]) is not None
    assert process_one(store, queue, [BUNDLED_DIR]) is None  # one job, judged once
    assert_judged(submissions, job_id)


def test_only_a_dead_job_is_redriven_and_its_submission_only_then_reopened(
    submissions: Submissions,
) -> None:
    """A finished submission whose job is done, not dead, stays as it is."""
    store, queue = submissions.store, submissions.queue
    job_id = submissions.submit(NewSubmission("two-sum", "python", PYTHON_TWO_SUM)).id
    with pytest.raises(Conflict, match="not in the dead letters"):
        submissions.redrive(job_id)  # ready
    assert process_one(store, queue, [BUNDLED_DIR]) is not None
    with pytest.raises(Conflict, match="not in the dead letters"):
        submissions.redrive(job_id)  # done
    assert_judged(submissions, job_id)
    with pytest.raises(NotFound):
        submissions.redrive("0190aaaa-0000-7000-8000-000000000000")


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("code", "class Solution:\n    x = '\ud800'\n", "lone surrogate (U+D800) at character 26"),
        ("code", "print(1)\x00", "NUL character (U+0000) at character 9"),
        ("problem", "two-sum\udfff", "problem is not valid Unicode"),
        ("language", "py\x00thon", "language holds a NUL"),
    ],
)
def test_text_no_store_can_keep_is_refused_the_same_in_both_modes(
    submissions: Submissions, field: str, value: str, needle: str
) -> None:
    """A lone surrogate (legal in JSON, not in UTF-8) or a NUL (PostgreSQL's text cannot
    hold one) is a 422-kind refusal before anything is stored, on SQLite and PostgreSQL."""
    fields = {"problem": "two-sum", "language": "python", "code": PYTHON_TWO_SUM, field: value}
    with pytest.raises(InvalidInput, match=re.escape(needle)):
        submissions.submit(NewSubmission(fields["problem"], fields["language"], fields["code"]))
    assert submissions.store.list() == []
    assert sum(submissions.queue.stats().ready.values()) == 0


# -- custom input and ad hoc submissions (issue 13) --------------------------------------------

GREET = "print('hi', input())\n"


def adhoc(custom: CustomInput | None, language: str = "python", code: str = GREET) -> NewSubmission:
    return NewSubmission(ADHOC_PROBLEM, language, code, custom=custom)


def custom_run(text: str, problem: str = "two-sum", **fields: object) -> NewSubmission:
    custom = CustomInput(text, **fields)  # type: ignore[arg-type]
    return NewSubmission(problem, "python", PYTHON_TWO_SUM, Priority.RUN, custom=custom)


@pytest.fixture
def intake(tmp_path: Path) -> Iterator[Submissions]:
    """Intake over a SQLite store and queue (refusals happen before either is touched), with
    small caps and one extra problem that has samples but no reference solution."""
    folder = tmp_path / "problems" / "no-reference"
    (folder / "tests").mkdir(parents=True)
    (folder / "problem.toml").write_text('slug = "no-reference"\ntitle = "Echo"\nkind = "stdio"\n')
    (folder / "statement.md").write_text("Echo.\n")
    (folder / "tests" / "sample-1.in").write_text("a\n")
    (folder / "tests" / "sample-1.ans").write_text("a\n")
    settings = Settings(
        data_dir=tmp_path,
        custom_input_max_bytes=100,
        adhoc_max_time_ms=5000,
        adhoc_max_memory_mb=512,
        adhoc_max_output_kb=1024,
    )
    problems = load_problem_set(BUNDLED_DIR, tmp_path / "problems")
    sqlite = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(sqlite) as store:
        store.migrate()
        queue = open_queue(sqlite)
        yield Submissions(settings, problems, store, queue)
        queue.close()


@pytest.mark.parametrize(
    ("new", "error", "needle"),
    [
        (adhoc(None), InvalidInput, "problem is empty: name a problem"),
        (adhoc(CustomInput("")), None, ""),
        (adhoc(CustomInput("x", "y", Limits(5000, 512, 1024)), "c", "int main(){}"), None, ""),
        (adhoc(CustomInput("x"), "cobol"), InvalidInput, "supported"),
        (adhoc(CustomInput("x"), code="  "), InvalidInput, "code is empty"),
        (adhoc(CustomInput("x" * 101)), TooLarge, "stdin is 101 bytes; the limit is 100 bytes"),
        (adhoc(CustomInput("x", "é" * 51)), TooLarge, "expected is 102 bytes"),
        (adhoc(CustomInput("a\ud800")), InvalidInput, "stdin is not valid Unicode"),
        (adhoc(CustomInput("a\x00b")), None, ""),  # stdin is bytes: a NUL is data
        (adhoc(CustomInput("x", None, Limits(0, 256, 64))), InvalidInput, "limits.time_ms is 0"),
        (adhoc(CustomInput("", None, Limits(5001))), InvalidInput, "from 1 to 5000"),
        (adhoc(CustomInput("", None, Limits(memory_mb=513))), InvalidInput, "limits.memory_mb"),
        (adhoc(CustomInput("", None, Limits(output_kb=2048))), InvalidInput, "limits.output_kb"),
        (custom_run("[3,2,4]\n6"), None, ""),
        (custom_run("[3,2,4]"), InvalidInput, "input has 1 line(s) but twoSum takes 2"),
        (custom_run("[3]\n6"), InvalidInput, "outside length = [2, 10000]"),
        (custom_run("[3,2]\n6", expected="[0,"), InvalidInput, "expected (integer[]) is not"),
        (custom_run("[3,2]\n" + "1" * 100), TooLarge, "input is 106 bytes"),
        (custom_run("[3,2]\n6", limits=Limits()), InvalidInput, "leave out 'limits'"),
        (custom_run("1 2", "a-plus-b"), None, ""),
        (custom_run("1 two", "a-plus-b"), InvalidInput, "a-plus-b''s constraints: line 1"),
        (custom_run("a", "no-reference"), InvalidInput, "has no reference solution"),
        (custom_run("a", "no-reference", expected="a"), None, ""),
        (custom_run("a", "nope"), NotFound, "nope"),
        (
            NewSubmission("two-sum", "python", PYTHON_TWO_SUM, custom=CustomInput("[1,2]\n3")),
            InvalidInput,
            "custom input is for runs",
        ),
    ],
)
def test_custom_inputs_are_checked_before_anything_is_stored(
    intake: Submissions, new: NewSubmission, error: type[Exception] | None, needle: str
) -> None:
    """``validate`` (what ``submit`` and batches run first) refuses what does not fit with a
    message naming the field, line or limit; what fits is stored and queued."""
    if error is None:
        intake.validate(new)
        assert intake.submit(new).custom == new.custom
        assert sum(intake.queue.stats().ready.values()) == 1
        return
    with pytest.raises(error, match=re.escape(needle)):
        intake.submit(new)
    assert intake.store.list() == [] and sum(intake.queue.stats().ready.values()) == 0


def test_a_problem_without_samples_can_still_be_run_on_custom_input(intake: Submissions) -> None:
    folder = intake.settings.data_dir / "problems" / "no-reference" / "tests"
    for sample in folder.iterdir():
        sample.rename(folder / sample.name.replace("sample", "hidden"))
    intake.problems.reload(BUNDLED_DIR, intake.settings.data_dir / "problems")
    with pytest.raises(InvalidInput, match="no sample tests to run"):
        intake.submit(NewSubmission("no-reference", "python", GREET, Priority.RUN))
    run = custom_run("a", "no-reference", expected="a")
    assert intake.submit(run).kind is SubmissionKind.RUN


def test_a_custom_input_is_stored_as_sent_in_both_modes(submissions: Submissions) -> None:
    """Text PostgreSQL's text columns cannot hold raw (a NUL) and text beyond ASCII survive
    the store, on SQLite and PostgreSQL; the queue holds the job at its priority."""
    custom = CustomInput("a\x00b\n ünï 😀\n", "hi\n", Limits(1500, 64, 32))
    sub = submissions.submit(adhoc(custom))
    assert submissions.store.get(sub.id).custom == custom
    assert (sub.problem, sub.kind) == (ADHOC_PROBLEM, SubmissionKind.SUBMISSION)
    run = submissions.submit(custom_run("[3,2,4]\n6"))
    assert submissions.store.get(run.id).custom == CustomInput("[3,2,4]\n6")
    ready = submissions.queue.stats().ready
    assert (ready[Priority.RUN], ready[Priority.SUBMIT]) == (1, 1)


# -- batches (submit_many) and callback URLs -------------------------------------------------
# ``Submissions.submit_many`` against the same stores and queues: per item the stored
# submission or its refusal, in order; the valid items stored by one ``Store.insert_many``
# (one transaction) and queued by one ``enqueue_many``; a key's default ``callback_url``; the
# SSRF rules at intake. Calls are counted by spies that call through.


@pytest.fixture
def batcher(url: str, queue: Queue, tmp_path: Path) -> Iterator[Submissions]:  # noqa: F811
    settings = Settings(data_dir=tmp_path, callback_allow=["public", "127.0.0.1/32"])
    with Store(url) as store:
        yield Submissions(settings, load_problem_set(BUNDLED_DIR), store, queue)


def spy(obj: Any, name: str) -> list[tuple[Any, ...]]:
    """Record the arguments of every call of ``obj.name`` (which still runs)."""
    calls: list[tuple[Any, ...]] = []
    real = getattr(obj, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    setattr(obj, name, call)
    return calls


def test_one_insert_and_one_enqueue_for_the_valid_items(batcher: Submissions) -> None:
    inserts = spy(batcher.store, "insert_many")
    enqueues = spy(batcher.queue, "enqueue_many")
    news = [
        NewSubmission("a-plus-b", "python", PYTHON_A_PLUS_B),
        NewSubmission("nope", "python", "x"),
        NewSubmission("two-sum", "python", PYTHON_TWO_SUM, callback_url="http://127.0.0.1:9/h"),
        NewSubmission("a-plus-b", "cobol", "x"),
        NewSubmission("a-plus-b", "python", "#" * 70_000),
        NewSubmission("a-plus-b", "python", "x", callback_url="http://10.0.0.1/"),
        NewSubmission("a-plus-b", "python", PYTHON_A_PLUS_B),
    ]
    out = batcher.submit_many(news)
    kinds = [type(item) for item in out]
    assert kinds == [Submission, NotFound, Submission, InvalidInput, TooLarge, InvalidInput,
                     Submission]  # fmt: skip
    assert "10.0.0.1 is a private" in str(out[5])
    stored = [item for item in out if isinstance(item, Submission)]
    assert len(inserts) == 1 and len(inserts[0][0]) == 3
    assert enqueues == [([s.id for s in stored], Priority.SUBMIT)]
    assert [s.id for s in stored] == sorted(s.id for s in stored)
    for sub in stored:
        assert batcher.store.get(sub.id).status is Status.QUEUED
        assert batcher.queue.state(sub.id) is JobState.READY
    assert batcher.store.get(stored[1].id).callback_url == "http://127.0.0.1:9/h"


def test_nothing_valid_touches_neither_store_nor_queue(batcher: Submissions) -> None:
    enqueues = spy(batcher.queue, "enqueue_many")
    out = batcher.submit_many([NewSubmission("nope", "python", "x")])
    assert isinstance(out[0], NotFound) and enqueues == []
    assert batcher.store.list(limit=10) == []


def test_a_key_s_default_callback_url_is_used_when_none_is_named(batcher: Submissions) -> None:
    key = batcher.store.keys.create(
        "site", frozenset({Role.SUBMIT}), callback_url="https://hooks.example.com/cj"
    ).record
    own = NewSubmission("a-plus-b", "python", PYTHON_A_PLUS_B, owner=key.id)
    named = NewSubmission(
        "a-plus-b", "python", PYTHON_A_PLUS_B, owner=key.id, callback_url="http://127.0.0.1/x"
    )
    first, second = batcher.submit_many([own, named])
    assert isinstance(first, Submission) and isinstance(second, Submission)
    assert first.callback_url == "https://hooks.example.com/cj"
    assert second.callback_url == "http://127.0.0.1/x"
    assert batcher.submit(own).callback_url == "https://hooks.example.com/cj"
    assert batcher.submit(NewSubmission("a-plus-b", "python", "x")).callback_url is None


def test_submit_refuses_a_callback_url_like_a_batch_item(batcher: Submissions) -> None:
    with pytest.raises(InvalidInput, match=r"169\.254\.169\.254 is a link-local"):
        batcher.submit(
            NewSubmission("a-plus-b", "python", "x", callback_url="http://169.254.169.254/")
        )
    assert batcher.store.list(limit=10) == []
