"""``POST /api/v1/submissions/batch`` against real servers: one answer per item in order (an
accepted item's id, a refused item's error as ``POST /api/v1/submissions`` names it), the
accepted items judged, the cap (``CODEJUDGE_BATCH_MAX``) and malformed batches refused whole.

Embedded mode (SQLite store and queue) and distributed mode (PostgreSQL store, Redis queue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.distributed import distributed_mode
from tests.conftest import Server
from tests.solutions import PYTHON_A_PLUS_B, PYTHON_TWO_SUM

pytestmark = pytest.mark.timeout(300)

GOOD = {"problem": "a-plus-b", "language": "python", "code": PYTHON_A_PLUS_B}
TWO_SUM = {"problem": "two-sum", "language": "python", "code": PYTHON_TWO_SUM}
WRONG = {**GOOD, "code": "print(1)\n"}
# (item, error, a word of its detail): what POST /api/v1/submissions says of each alone.
REFUSED: list[tuple[object, str, str]] = [
    ({**GOOD, "problem": "no-such-problem"}, "not_found", "no-such-problem"),
    ({**GOOD, "language": "cobol"}, "invalid_input", "supported"),
    ({**GOOD, "code": "  "}, "invalid_input", "empty"),
    ({**GOOD, "code": "#" * 65537}, "too_large", "65536"),
    ({**GOOD, "code": "x\x00"}, "invalid_input", "NUL"),
    ({"problem": "a-plus-b", "language": "python"}, "invalid_request", "code: Field required"),
    ({**GOOD, "extra": 1}, "invalid_request", "extra"),
    ({**GOOD, "code": 5}, "invalid_request", "code"),
    ("not an object", "invalid_request", "dictionary"),
    (None, "invalid_request", "dictionary"),
]


def post_batch(c: httpx.Client, items: object) -> httpx.Response:
    return c.post("/api/v1/submissions/batch", json={"items": items})


def verdict(c: httpx.Client, sub_id: str) -> str:
    sub = c.get(f"/api/v1/submissions/{sub_id}", params={"wait": 120}).json()
    assert sub["status"] == "finished", sub
    return str(sub["verdict"])


def check_mixed_batch(c: httpx.Client) -> None:
    """Valid and refused items interleaved: answers in order, each refusal with its reason,
    the valid ones stored (ids increasing in the order sent) and judged."""
    valid = [GOOD, WRONG, TWO_SUM]
    items: list[object] = []
    for i, (item, _, _) in enumerate(REFUSED):
        items += [valid[i % 3], item]
    r = post_batch(c, items)
    assert r.status_code == 202, r.text
    answers = r.json()["items"]
    assert [a["index"] for a in answers] == list(range(len(items)))
    accepted = answers[0::2]
    for answer, (_, error, needle) in zip(answers[1::2], REFUSED, strict=True):
        assert set(answer) == {"index", "error", "detail"}, answer
        assert answer["error"] == error and needle in str(answer["detail"]), answer
    assert all(a["status"] == "queued" for a in accepted)
    ids = [a["id"] for a in accepted]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    first = accepted[0]
    assert first["links"]["self"] == f"/api/v1/submissions/{first['id']}"
    expected = ["accepted", "wrong_answer", "accepted"]
    assert [verdict(c, i) for i in ids] == [expected[i % 3] for i in range(len(ids))]
    # ... and read back many at once.
    listed = c.get("/api/v1/submissions", params={"ids": ",".join(ids)})
    assert listed.status_code == 200, listed.text
    assert {s["id"] for s in listed.json()["items"]} == set(ids)


# -- embedded mode ---------------------------------------------------------------------------


def test_a_batch_answers_each_item_in_order(client: httpx.Client) -> None:
    check_mixed_batch(client)


def test_a_batch_of_refused_items_only_stores_nothing(client: httpx.Client) -> None:
    before = client.get("/healthz").json()["submissions"]
    r = post_batch(client, [item for item, _, _ in REFUSED])
    assert r.status_code == 202
    assert [a["error"] for a in r.json()["items"]] == [e for _, e, _ in REFUSED]
    assert client.get("/healthz").json()["submissions"] == before


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"items": []}, 422, "items"),
        ({"items": "x"}, 422, "items"),
        ({}, 422, "items"),
        ([GOOD], 422, ""),
        ({"items": [GOOD], "more": 1}, 422, "more"),
    ],
)
def test_malformed_batches_are_refused_whole(
    client: httpx.Client, body: object, status: int, needle: str
) -> None:
    r = client.post("/api/v1/submissions/batch", json=body)
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error", "detail"} and needle in str(r.json()["detail"])


def test_a_batch_over_the_cap_is_413_and_stores_nothing(
    server_factory: Callable[..., Server],
) -> None:
    with server_factory(workers=0, CODEJUDGE_BATCH_MAX="3").client() as c:
        r = post_batch(c, [GOOD] * 4)
        assert r.status_code == 413, r.text
        assert r.json()["error"] == "too_large" and "at most 3" in r.json()["detail"]
        assert c.get("/healthz").json()["submissions"]["queued"] == 0
        assert len(post_batch(c, [GOOD] * 3).json()["items"]) == 3
        assert c.get("/healthz").json()["submissions"]["queued"] == 3


def test_the_default_cap_is_100(client: httpx.Client) -> None:
    r = post_batch(client, [{**GOOD, "code": ""}] * 101)
    assert r.status_code == 413 and "at most 100" in r.json()["detail"]


def test_the_openapi_schema_documents_batches(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    post = schema["paths"]["/api/v1/submissions/batch"]["post"]
    assert {"202", "413", "422"} <= set(post["responses"])
    body = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    items = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]["items"]
    ref, anything = items["items"]["anyOf"]
    assert ref["$ref"].endswith("/SubmissionIn")
    # An item that is not a SubmissionIn is refused alone with a 202 for the rest: the schema
    # admits it, or a 202 for it would break the schema (Schemathesis's negative data check).
    assert set(anything) == {"description"}


# -- distributed mode ------------------------------------------------------------------------


@pytest.fixture
def distributed(server_factory: Callable[..., Server], tmp_path: Path) -> Iterator[Server]:
    with distributed_mode(server_factory, tmp_path) as (server, _):
        yield server


@pytest.mark.timeout(600)
def test_batches_in_distributed_mode(distributed: Server) -> None:
    """PostgreSQL stores the batch in one transaction, Redis queues it in one script run."""
    with distributed.client() as c:
        check_mixed_batch(c)
        refused: list[Any] = [item for item, _, _ in REFUSED]
        assert [a["error"] for a in post_batch(c, refused).json()["items"]] == [
            e for _, e, _ in REFUSED
        ]
