"""Schemathesis against the real server, in both modes: every operation of ``/openapi.json``
(admin ones too, with the admin token) fuzzed with schema-valid and schema-violating requests,
then the OpenAPI links followed statefully (a submission's 202 to its ``GET`` and its events,
the problem list to a problem and to a submission of it).

The rule under test (issue 13): no input gets a 5xx, and every answer is one the document
declares: its status, its content type, its headers and its body's schema. What it found
became plain tests in ``tests/api/test_regressions.py``.

Bounded: ``MAX_EXAMPLES`` per operation and ``STATEFUL_EXAMPLES`` scenarios, a few minutes
per mode on two busy cores (one test per mode). Run it alone with ``pytest -n 2
tests/api/test_schemathesis.py``; a failure lists every operation's failures, each with the
request to replay (curl). ``get_all_tests`` is what Schemathesis' pytest plugin runs per
operation (``schema.parametrize()``), called here inside one test so that the server of a
mode is started once.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis import Case
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.pytest.lazy import get_all_tests
from schemathesis.schemas import BaseSchema

from tests.api.live import live_server
from tests.conftest import Server

pytestmark = pytest.mark.timeout(900)

ADMIN_TOKEN = "schemathesis-admin-token"
MAX_EXAMPLES = 10
STATEFUL_EXAMPLES = 10
# What must hold of every answer. (positive_data_acceptance is left out: the intake refuses
# schema-valid input that only it can judge, e.g. a problem.toml that is not TOML, with a 422.)
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
]
# The server's own settings for the run: waits cut to a second (``?wait=600`` is a valid
# request), and the admin API behind a token so that the fuzzer reaches it.
SERVER_ENV = {"CODEJUDGE_ADMIN_TOKEN": ADMIN_TOKEN, "CODEJUDGE_MAX_WAIT_SECONDS": "1"}
# The one operation not fuzzed: switched on, maintenance answers every later submission 503
# by design (a server-wide switch; tests/api/test_admission.py tests it and its bodies).
NOT_FUZZED = {("PUT", "/api/v1/admin/maintenance")}


def config() -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {ADMIN_TOKEN}"},
            "generation": {"max-examples": MAX_EXAMPLES},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            "request-timeout": 60,
            # An event stream of a queued submission ends only when it is judged.
            "max-stream-events": 3,
        }
    )


def _call(case: Case[Any]) -> None:
    case.call_and_validate()


def _fuzz(schema: BaseSchema) -> list[str]:
    """Every operation's generated cases (examples, coverage, fuzzing phases): what failed."""
    failures, tested = [], 0
    for result in get_all_tests(schema=schema, test_func=_call, settings=None, given_kwargs={}):
        if not isinstance(result, Ok):
            raise result.err()  # an operation the document cannot describe
        operation, test = result.ok()
        tested += 1
        try:
            test()
        except FailureGroup as exc:
            failures.append(f"{operation.label}: {exc}")
    paths = schema.raw_schema["paths"].values()
    every = sum(len(item) for item in paths) - len(NOT_FUZZED)
    assert tested == every > 20  # every operation, none left out
    return failures


def _schema(server: Server) -> BaseSchema:
    schema: BaseSchema = schemathesis.openapi.from_url(
        f"{server.url}/openapi.json", config=config()
    )
    for method, path in NOT_FUZZED:
        schema = schema.exclude(method=method, path=path)
    return schema


def _follow_links(schema: BaseSchema) -> list[str]:
    """Stateful: sequences of calls that follow the document's links with real ids."""
    machine: Any = schema.as_state_machine()
    settings = hypothesis.settings(
        max_examples=STATEFUL_EXAMPLES,
        stateful_step_count=6,
        deadline=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    try:
        machine.run(settings=settings)
    except FailureGroup as exc:
        return [f"stateful: {exc}"]
    return []


@pytest.fixture
def api_schema(server: Server) -> BaseSchema:
    """The document of the shared embedded server (``tests/conftest.py``)."""
    return _schema(server)


def _run(mode: str, root: Path) -> None:
    with live_server(mode, root, **SERVER_ENV) as server:
        schema = _schema(server)
        failures = _fuzz(schema) + _follow_links(schema)
    assert not failures, "\n\n".join(failures)


# One test per mode, apart in the file: pytest-xdist hands out tests in pairs, so two
# neighbours would likely run one after the other on one worker.
def test_embedded_mode_answers_as_documented(tmp_path: Path) -> None:
    """SQLite store and queue, a judging worker inside ``serve``."""
    _run("embedded", tmp_path)


def test_the_document_links_a_submission_to_its_reads(api_schema: BaseSchema) -> None:
    """The links the stateful run follows are in the document (an edit that drops them would
    make it pass on nothing)."""
    raw = api_schema.raw_schema
    accepted = raw["paths"]["/api/v1/submissions"]["post"]["responses"]["202"]["links"]
    assert set(accepted) >= {"GetSubmission", "SubmissionEvents"}
    listed = raw["paths"]["/api/v1/problems"]["get"]["responses"]["200"]["links"]
    assert listed["SubmitToProblem"]["requestBody"] == {"problem": "$response.body#/0/slug"}


def test_the_checks_catch_an_undeclared_answer(server: Server, api_schema: BaseSchema) -> None:
    """The harness can fail: with the 404 of ``GET /api/v1/submissions/{id}`` taken out of
    the document, an unknown id's answer is reported."""
    raw = copy.deepcopy(api_schema.raw_schema)
    del raw["paths"]["/api/v1/submissions/{submission_id}"]["get"]["responses"]["404"]
    operation = schemathesis.openapi.from_dict(raw, config=config())[
        "/api/v1/submissions/{submission_id}"
    ]["GET"]
    case = operation.Case(path_parameters={"submission_id": "nope"}, query={})
    with pytest.raises(FailureGroup, match="Undocumented status code"):
        case.call_and_validate(base_url=server.url)


def test_distributed_mode_answers_as_documented(tmp_path: Path) -> None:
    """PostgreSQL and Redis, ``serve --workers 0`` and a ``codejudge worker``."""
    _run("distributed", tmp_path)
