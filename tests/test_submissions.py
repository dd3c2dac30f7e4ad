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

import pytest

from codejudge.exceptions import Conflict, InvalidInput, NotFound
from codejudge.models import JudgeResult, NewSubmission, Status, Verdict
from codejudge.problems import BUNDLED_DIR, load_problem_set
from codejudge.queue import JobState, Queue, open_queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.submissions import Submissions
from codejudge.worker import process_one, reconcile
from tests.queue.conftest import BACKENDS as QUEUE_BACKENDS
from tests.solutions import PYTHON_TWO_SUM
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
