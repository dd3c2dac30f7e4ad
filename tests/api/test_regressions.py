"""What Schemathesis found (``tests/api/test_schemathesis.py``), as plain requests against the
real server: each test is one class of answer that was wrong, with the case that showed it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.live import MODES, live_server

pytestmark = pytest.mark.timeout(120)


def _is_error(body: Any) -> bool:
    return isinstance(body, dict) and {"error", "detail"} <= set(body)


def test_every_refusal_in_the_document_has_the_shape_the_server_sends(
    client: httpx.Client,
) -> None:
    """Every 422 was documented as FastAPI's ``HTTPValidationError`` (``detail: [{loc, msg}]``)
    while the server sends ``{error, detail}``; 400, 404, 409, 413 and 503 were not documented
    at all. Now each 4xx/5xx of every operation is ``ErrorOut`` (429: ``RateLimitedOut``)."""
    doc = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for path, item in doc["paths"].items():
        if path.startswith("/judge0/"):  # Judge0's bodies, declared by the face itself
            continue
        for method, operation in item.items():
            responses = operation["responses"]
            assert "503" in responses, (method, path)
            if "requestBody" in operation:
                assert {"400", "413", "422"} <= set(responses), (method, path)
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                assert "404" in responses, (method, path)
            for status, response in responses.items():
                if int(status) >= 400:
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.rsplit("/", 1)[1] in ("ErrorOut", "RateLimitedOut"), (path, status)


def test_the_judge0_face_documents_judge0s_bodies(client: httpx.Client) -> None:
    """The document's completion (``api/openapi.py``) overwrote the Judge0 face's refusals
    with ``ErrorOut``, which its 404 (``{"error"}``, no ``detail``) then violated."""
    doc = client.get("/openapi.json").json()
    answers = doc["paths"]["/judge0/languages/{language_id}"]["get"]["responses"]
    schema = answers["404"]["content"]["application/json"]["schema"]
    assert "$ref" not in schema and schema["required"] == ["error"], schema
    r = client.get("/judge0/languages/999")
    assert r.status_code == 404 and set(r.json()) == {"error"}


def test_admin_operations_document_401_and_403(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    for path, item in doc["paths"].items():
        if path.startswith("/api/v1/admin/"):
            for method, operation in item.items():
                assert {"401", "403"} <= set(operation["responses"]), (method, path)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        # Two routes share the path: Starlette named only the first one's method.
        ("TRACE", "/api/v1/submissions", "GET, POST"),
        ("PUT", "/healthz", "GET"),
        # A literal path wins over a templated one that also matches it (dead letter "delete").
        ("OPTIONS", "/api/v1/admin/dead-letters/delete", "POST"),
        ("PATCH", "/api/v1/admin/dead-letters/some-id", "DELETE"),
    ],
)
def test_405_says_which_methods_are_allowed(
    client: httpx.Client, method: str, path: str, allowed: str
) -> None:
    """RFC 9110 §15.5.6: a 405 carries ``Allow``; the JSON error handler dropped it."""
    r = client.request(method, path)
    assert r.status_code == 405 and _is_error(r.json())
    assert r.headers["allow"] == allowed


@pytest.mark.parametrize("route", ["/api/v1/submissions", "/submit", "/api/v1/runs"])
def test_a_body_that_is_not_text_is_malformed_json_not_http_error(
    client: httpx.Client, route: str
) -> None:
    """Bytes that decode as no UTF of JSON got FastAPI's bare "There was an error parsing the
    body" as ``http_error``."""
    r = client.post(route, content=b"\xff\xfe\xfd", headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"] == "malformed_json" and "JSON" in r.json()["detail"]


@pytest.mark.parametrize(
    ("route", "body", "field"),
    [
        ("/api/v1/admin/dead-letters/delete", {"all": 0, "ids": ["x"]}, "all"),
        ("/api/v1/admin/dead-letters/redrive", {"all": "true"}, "all"),
        ("/api/v1/submissions", {"problem": "two-sum", "language": "python", "code": 1}, "code"),
        ("/submit", {"problemId": 7, "code": "x"}, "problemId"),
        ("/api/v1/admin/problems", {"files": {"problem.toml": 1}}, "files"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_refused_not_coerced(
    client: httpx.Client, route: str, body: dict[str, Any], field: str
) -> None:
    """``{"all": 0}`` was read as ``false`` and acted on (200): request bodies are strict."""
    r = client.post(route, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "invalid_request" and field in str(r.json()["detail"])


def test_a_slug_that_cannot_be_one_is_documented_and_refused(client: httpx.Client) -> None:
    """The slug rule of the admin routes is in the document (pattern, length), and a path
    that breaks it is a 422 naming the rule."""
    doc = client.get("/openapi.json").json()
    params = doc["paths"]["/api/v1/admin/problems/{slug}"]["delete"]["parameters"]
    slug = next(p for p in params if p["name"] == "slug")["schema"]
    assert slug["pattern"] and slug["maxLength"] == 100
    r = client.delete("/api/v1/admin/problems/-script.pyw")
    assert r.status_code == 422 and "lowercase" in r.json()["detail"]


def test_a_submissions_documented_languages_are_the_servers(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    ids = {lang["id"] for lang in client.get("/api/v1/languages").json()}
    language = doc["components"]["schemas"]["SubmissionIn"]["properties"]["language"]
    assert set(language["enum"]) == ids


def test_an_event_stream_is_documented_as_one(client: httpx.Client) -> None:
    """The events route was documented as JSON; it answers ``text/event-stream``."""
    doc = client.get("/openapi.json").json()
    ok = doc["paths"]["/api/v1/submissions/{submission_id}/events"]["get"]["responses"]["200"]
    assert list(ok["content"]) == ["text/event-stream"]


# -- the same answer in both modes -------------------------------------------------------------


@pytest.fixture(scope="module", params=MODES)
def each_mode(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[httpx.Client]:
    root = tmp_path_factory.mktemp(f"regressions-{request.param}")
    with (
        live_server(request.param, root, CODEJUDGE_ADMIN_TOKEN=ADMIN) as server,
        server.client(headers={"Authorization": f"Bearer {ADMIN}"}) as client,
    ):
        yield client


ADMIN = "regressions-admin-token"


@pytest.mark.parametrize(
    ("method", "url", "where"),
    [
        ("GET", "/api/v1/submissions/%00", "path"),
        ("GET", "/api/v1/submissions/a%00b/events", "path"),
        ("GET", "/api/v1/submissions?problem=two%00sum", "query.problem"),
        ("GET", "/api/v1/submissions?ids=%00", "query.ids"),
        ("GET", "/api/v1/problems/%00", "path"),
        ("GET", "/api/v1/admin/problems/jobs/%00", "path"),
        ("POST", "/api/v1/admin/dead-letters/%00/redrive", "path"),
        ("DELETE", "/api/v1/admin/dead-letters/%00", "path"),
    ],
)
def test_a_nul_in_the_url_is_the_same_422_in_both_modes(
    each_mode: httpx.Client, method: str, url: str, where: str
) -> None:
    """A NUL in an id or filter was a 404 (or an empty list) on SQLite and a 500 on
    PostgreSQL (psycopg: "text fields cannot contain NUL")."""
    r = each_mode.request(method, url)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "invalid_request" and r.json()["detail"][0].startswith(where)


@pytest.mark.parametrize("action", ["redrive", "delete"])
def test_a_nul_in_a_bulk_id_is_the_same_422_in_both_modes(
    each_mode: httpx.Client, action: str
) -> None:
    r = each_mode.post(f"/api/v1/admin/dead-letters/{action}", json={"ids": ["ok", "a\x00"]})
    assert r.status_code == 422, r.text
    assert "ids.1" in r.json()["detail"][0] and "NUL" in r.json()["detail"][0]


def test_a_nul_in_a_submission_is_the_same_422_in_both_modes(each_mode: httpx.Client) -> None:
    body = {"problem": "two-sum", "language": "python", "code": "x\x00"}
    r = each_mode.post("/api/v1/submissions", json=body)
    assert r.status_code == 422 and "NUL" in r.json()["detail"]


def test_a_custom_input_the_parser_cannot_follow_is_a_422(client: httpx.Client) -> None:
    """A run's input nested past the JSON parser's recursion limit was a 500 (RecursionError),
    and ``1e999`` slipped past the NaN/Infinity guard as ``inf``."""
    for text, why in (("[" * 40000 + "]" * 40000 + "\n9", "nested too deeply"),
                      ("[2,7]\n1e999", "out of a double's range")):  # fmt: skip
        body = {"problem": "two-sum", "language": "python", "code": "x = 1", "input": text}
        r = client.post("/api/v1/runs", json=body)
        assert r.status_code == 422 and why in r.json()["detail"], r.text


def test_a_run_names_a_problem(client: httpx.Client) -> None:
    """A run with an empty problem and an input became an ad hoc program at RUN priority (ahead
    of every submission): a run is always of a problem."""
    body = {"problem": "", "language": "python", "code": "print(1)", "input": "x"}
    r = client.post("/api/v1/runs", json=body)
    assert r.status_code == 422 and "problem is empty" in r.json()["detail"], r.text


def test_a_body_nested_too_deeply_is_malformed_json_saying_so(client: httpx.Client) -> None:
    """A body nested past the JSON parser's recursion limit is a 400 whose message names the
    nesting (it said "not UTF-8 text", which such a body is)."""
    body = b'{"problem": ' + b"[" * 50000 + b"]" * 50000 + b"}"
    r = client.post(
        "/api/v1/submissions", content=body, headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["error"] == "malformed_json"
    assert "nested too deeply" in r.json()["detail"]


def test_a_wait_that_is_not_a_number_says_so(client: httpx.Client) -> None:
    """``?wait=nan`` was refused as "should be less than or equal to 600"."""
    for value in ("nan", "inf"):
        r = client.get("/api/v1/submissions/some-id", params={"wait": value})
        assert r.status_code == 422 and "finite number" in str(r.json()["detail"]), r.text
