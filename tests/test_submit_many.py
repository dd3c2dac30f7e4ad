"""``Submissions.submit_many`` (a batch) against real stores (SQLite, PostgreSQL) and real
queues (SQLite, Redis): per item the stored submission or its refusal, in order; the valid
items stored by one ``Store.insert_many`` (one transaction) and queued by one
``enqueue_many``; a key's default ``callback_url``; the SSRF rules at intake.

The calls are counted by wrapping the real store's and queue's methods (spies that call
through), as tests/test_submissions.py does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codejudge.exceptions import InvalidInput, NotFound, TooLarge
from codejudge.models import NewSubmission, Priority, Role, Status, Submission
from codejudge.problems import BUNDLED_DIR, load_problem_set
from codejudge.queue import JobState, Queue, open_queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.submissions import Submissions
from tests.queue.conftest import BACKENDS as QUEUE_BACKENDS
from tests.solutions import PYTHON_A_PLUS_B, PYTHON_TWO_SUM
from tests.store.conftest import pg_databases, pg_url, url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.timeout(120)


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


def test_one_insert_and_one_enqueue_for_the_valid_items(submissions: Submissions) -> None:
    inserts = spy(submissions.store, "insert_many")
    enqueues = spy(submissions.queue, "enqueue_many")
    news = [
        NewSubmission("a-plus-b", "python", PYTHON_A_PLUS_B),
        NewSubmission("nope", "python", "x"),
        NewSubmission("two-sum", "python", PYTHON_TWO_SUM, callback_url="http://127.0.0.1:9/h"),
        NewSubmission("a-plus-b", "cobol", "x"),
        NewSubmission("a-plus-b", "python", "#" * 70_000),
        NewSubmission("a-plus-b", "python", "x", callback_url="http://10.0.0.1/"),
        NewSubmission("a-plus-b", "python", PYTHON_A_PLUS_B),
    ]
    out = submissions.submit_many(news)
    kinds = [type(item) for item in out]
    assert kinds == [Submission, NotFound, Submission, InvalidInput, TooLarge, InvalidInput,
                     Submission]  # fmt: skip
    assert "10.0.0.1 is a private" in str(out[5])
    stored = [item for item in out if isinstance(item, Submission)]
    assert len(inserts) == 1 and len(inserts[0][0]) == 3
    assert enqueues == [([s.id for s in stored], Priority.SUBMIT)]
    assert [s.id for s in stored] == sorted(s.id for s in stored)
    for sub in stored:
        assert submissions.store.get(sub.id).status is Status.QUEUED
        assert submissions.queue.state(sub.id) is JobState.READY
    assert submissions.store.get(stored[1].id).callback_url == "http://127.0.0.1:9/h"


def test_nothing_valid_touches_neither_store_nor_queue(submissions: Submissions) -> None:
    enqueues = spy(submissions.queue, "enqueue_many")
    out = submissions.submit_many([NewSubmission("nope", "python", "x")])
    assert isinstance(out[0], NotFound) and enqueues == []
    assert submissions.store.list(limit=10) == []


def test_a_key_s_default_callback_url_is_used_when_none_is_named(
    submissions: Submissions,
) -> None:
    key = submissions.store.keys.create(
        "site", frozenset({Role.SUBMIT}), callback_url="https://hooks.example.com/cj"
    ).record
    own = NewSubmission("a-plus-b", "python", PYTHON_A_PLUS_B, owner=key.id)
    named = NewSubmission(
        "a-plus-b", "python", PYTHON_A_PLUS_B, owner=key.id, callback_url="http://127.0.0.1/x"
    )
    first, second = submissions.submit_many([own, named])
    assert isinstance(first, Submission) and isinstance(second, Submission)
    assert first.callback_url == "https://hooks.example.com/cj"
    assert second.callback_url == "http://127.0.0.1/x"
    assert submissions.submit(own).callback_url == "https://hooks.example.com/cj"
    assert submissions.submit(NewSubmission("a-plus-b", "python", "x")).callback_url is None


def test_submit_refuses_a_callback_url_like_a_batch_item(submissions: Submissions) -> None:
    with pytest.raises(InvalidInput, match=r"169\.254\.169\.254 is a link-local"):
        submissions.submit(
            NewSubmission("a-plus-b", "python", "x", callback_url="http://169.254.169.254/")
        )
    assert submissions.store.list(limit=10) == []
