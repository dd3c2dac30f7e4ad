"""Schemathesis against the real server, in both modes: every operation of ``/openapi.json``
(admin ones too, with the admin token) fuzzed with schema-valid and schema-violating requests,
then the OpenAPI links followed statefully (a submission's 202 to its ``GET`` and its events,
the problem list to a problem and to a submission of it).

The rule under test (issue 13): no input gets a 5xx, and every answer is one the document
declares: its status, its content type, its headers and its body's schema. What it found
became plain tests in ``tests/api/test_regressions.py``.

Bounded: ``MAX_EXAMPLES`` per operation and ``STATEFUL_EXAMPLES`` scenarios, about a minute
or two per mode on two busy cores. Run it alone with ``pytest tests/api/test_schemathesis.py``;
a failure prints the request to replay (curl).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis import Case
from schemathesis.core.failures import FailureGroup
from schemathesis.schemas import BaseSchema

from tests.api.live import MODES, live_server
from tests.conftest import Server

pytestmark = pytest.mark.timeout(900)

ADMIN_TOKEN = "schemathesis-admin-token"
MAX_EXAMPLES = 15
STATEFUL_EXAMPLES = 15
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


@pytest.fixture(scope="module", params=MODES)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    root = tmp_path_factory.mktemp(f"schemathesis-{request.param}")
    with live_server(request.param, root, **SERVER_ENV) as server:
        yield server


@pytest.fixture(scope="module")
def api_schema(live: Server) -> BaseSchema:
    return schemathesis.openapi.from_url(f"{live.url}/openapi.json", config=config())


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_every_operation_answers_as_documented(case: Case[Any]) -> None:
    case.call_and_validate()


def test_linked_operations_answer_as_documented(api_schema: BaseSchema) -> None:
    """Stateful: sequences of calls that follow the document's links with real ids."""
    machine: Any = api_schema.as_state_machine()
    machine.run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )


def test_the_document_links_a_submission_to_its_reads(api_schema: BaseSchema) -> None:
    """The links the stateful test follows are in the document (an edit that drops them would
    make the test above pass on nothing)."""
    raw = api_schema.raw_schema
    accepted = raw["paths"]["/api/v1/submissions"]["post"]["responses"]["202"]["links"]
    assert set(accepted) >= {"GetSubmission", "SubmissionEvents"}
    listed = raw["paths"]["/api/v1/problems"]["get"]["responses"]["200"]["links"]
    assert listed["SubmitToProblem"]["requestBody"] == {"problem": "$response.body#/0/slug"}


def test_the_checks_catch_an_undeclared_answer(live: Server, api_schema: BaseSchema) -> None:
    """The harness can fail: with the 404 of ``GET /api/v1/submissions/{id}`` taken out of
    the document, an unknown id's answer is reported."""
    raw = copy.deepcopy(api_schema.raw_schema)
    del raw["paths"]["/api/v1/submissions/{submission_id}"]["get"]["responses"]["404"]
    operation = schemathesis.openapi.from_dict(raw, config=config())[
        "/api/v1/submissions/{submission_id}"
    ]["GET"]
    case = operation.Case(path_parameters={"submission_id": "nope"}, query={})
    with pytest.raises(FailureGroup, match="Undocumented status code"):
        case.call_and_validate(base_url=live.url)
