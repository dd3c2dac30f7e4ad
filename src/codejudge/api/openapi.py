"""The OpenAPI document, completed in one place so that it says what the server really answers.

FastAPI describes a route's success and, for a route with parameters, a 422 in its own shape
(``HTTPValidationError``) that this server never sends. ``install`` replaces its generator
with one that adds, to every operation, the refusals that apply to it by rule, all in the
``{error, detail}`` shape of ``api/errors.py`` (``ErrorOut``):

- 400 ``malformed_json`` (a body that is not JSON), 413 ``too_large`` (``BodyLimit``) and 422
  for an operation with a body; 422 for one with parameters;
- 404 for an operation with a path parameter (the thing it names does not exist);
- 401 and 403 for one behind the admin guard or the caller's key (``require_admin``,
  ``current_caller``);
- 503 ``unavailable`` for every one (the store or the queue is restarting; ``Retry-After``
  when known).

A route's own declaration of a status (its description, a richer model) is kept. It also adds
the links (OpenAPI 3 §4.8.20) that chain operations for stateful clients and fuzzers (a
submission's 202 to its ``GET`` and its events; the problem list to a problem and to a
submission of it). Schemathesis checks all of this against the live server
(``tests/api/test_schemathesis.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel

from codejudge.api.auth import current_caller, require_admin
from codejudge.api.schemas import ErrorOut, RateLimitedOut

_HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_RETRY_AFTER = {
    "description": "seconds to wait before trying again (RFC 9110 §10.2.3)",
    "schema": {"type": "string"},
}
# Status -> what it means, for the rule-added refusals (a route's own description wins).
_MEANING = {
    400: "the body is not JSON (malformed_json)",
    401: "no valid credentials: send the admin token or an API key",
    403: "the credentials lack the role this needs, or the admin API is local only",
    404: "no such resource",
    413: "the body is over the size limit (too_large)",
    422: "a field or parameter is missing or invalid; detail names it",
    503: "the store or the queue is unavailable for now; try again (Retry-After when known)",
}
_GUARDS: tuple[Callable[..., Any], ...] = (require_admin, current_caller)


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` (served at ``/openapi.json``) return the completed document."""
    generate = app.openapi
    done: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        if not done:
            done.append(complete(generate(), app.routes))
        return done[0]

    app.openapi = openapi  # type: ignore[method-assign]


def complete(schema: dict[str, Any], routes: list[Any]) -> dict[str, Any]:
    """``schema`` (FastAPI's document of ``routes``) with the error responses and links."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, RateLimitedOut):
        components[model.__name__] = _component(model)
    guarded = {(m, r.path_format) for r in routes if isinstance(r, APIRoute)
               for m in r.methods if _depends_on(r.dependant, _GUARDS)}  # fmt: skip
    # Routes that answer in another API's shape (the Judge0 face: ``{"error"}``, Judge0's 422)
    # declare their own refusals; ErrorOut would misdescribe them.
    foreign = {(m, r.path_format) for r in routes
               if getattr(r, "own_error_bodies", False) for m in r.methods}  # fmt: skip
    for path, method, operation in _operations(schema):
        if (method.upper(), path) in foreign:
            if operation.get("parameters"):
                _url_refusal(operation.setdefault("responses", {}))
            continue
        statuses = _refusals(operation, (method.upper(), path) in guarded)
        responses = operation.setdefault("responses", {})
        for status in statuses:
            _declare(responses, status)
        for status, response in responses.items():
            if status.isdigit() and int(status) >= 400:
                _error_body(response, int(status))
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)  # no response uses FastAPI's 422 shape any more
    _link(schema)
    return schema


def _url_refusal(responses: dict[str, Any]) -> None:
    """A route answering in another API's shape still gets ``RefuseNul``'s 422 (a NUL in its
    URL is refused before the route runs, in ``ErrorOut``): its own 422 or that one."""
    ours = {"$ref": "#/components/schemas/ErrorOut"}
    response = responses.setdefault("422", {"description": _MEANING[422]})
    media = response.setdefault("content", {}).setdefault("application/json", {})
    own = media.get("schema")
    media["schema"] = {"anyOf": [own, ours]} if own else ours


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method in _HTTP_METHODS:
                yield path, method, operation


def _refusals(operation: dict[str, Any], guarded: bool) -> list[int]:
    params = operation.get("parameters", [])
    statuses = [503]
    if "requestBody" in operation:
        statuses += [400, 413, 422]
    if params:
        statuses.append(422)
    if any(p.get("in") == "path" for p in params):
        statuses.append(404)
    if guarded:
        statuses += [401, 403]
    return statuses


def _declare(responses: dict[str, Any], status: int) -> None:
    responses.setdefault(str(status), {"description": _MEANING[status]})


def _error_body(response: dict[str, Any], status: int) -> None:
    """Every refusal's body is ``ErrorOut`` (429's, ``RateLimitedOut``), whatever FastAPI
    put there; 429 and 503 may say when to retry."""
    model = "RateLimitedOut" if status == 429 else "ErrorOut"
    schema = {"$ref": f"#/components/schemas/{model}"}
    response["content"] = {"application/json": {"schema": schema}}
    if status in (429, 503):
        header = {**_RETRY_AFTER, "required": status == 429}
        response.setdefault("headers", {}).setdefault("Retry-After", header)


def _component(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(ref_template="#/components/schemas/{model}")


def _depends_on(dependant: Dependant, guards: tuple[Callable[..., Any], ...]) -> bool:
    return any(sub.call in guards or _depends_on(sub, guards) for sub in dependant.dependencies)


# -- links -------------------------------------------------------------------------------------

_SUBMISSION = ("get", "/api/v1/submissions/{submission_id}")
_EVENTS = ("get", "/api/v1/submissions/{submission_id}/events")
_BY_ID = {"submission_id": "$response.body#/id"}
_FIRST_SLUG = "$response.body#/0/slug"
_PROBLEM = ("get", "/api/v1/problems/{slug}")
_LISTED = {"submission_id": "$response.body#/items/0/id"}
Endpoint = tuple[str, str]  # (method, path)
Link = tuple[str, Endpoint, dict[str, Any]]  # (name, target, the link's parameters/requestBody)
# A source, the statuses whose body the links read, and its links.
LINKS: list[tuple[Endpoint, tuple[str, ...], list[Link]]] = [
    *(
        (
            ("post", source),
            ("200", "202"),
            [
                ("GetSubmission", _SUBMISSION, {"parameters": _BY_ID}),
                ("SubmissionEvents", _EVENTS, {"parameters": _BY_ID}),
            ],
        )
        for source in ("/api/v1/submissions", "/api/v1/runs", "/submit")
    ),
    (
        ("get", "/api/v1/problems"),
        ("200",),
        [
            ("GetProblem", _PROBLEM, {"parameters": {"slug": _FIRST_SLUG}}),
            ("SubmitToProblem", ("post", "/api/v1/submissions"),
             {"requestBody": {"problem": _FIRST_SLUG}}),
            ("RunOnProblem", ("post", "/api/v1/runs"), {"requestBody": {"problem": _FIRST_SLUG}}),
        ],
    ),
    (
        ("get", "/api/v1/submissions"),
        ("200",),
        [("GetListed", _SUBMISSION, {"parameters": _LISTED})],
    ),
]  # fmt: skip


def _link(schema: dict[str, Any]) -> None:
    """Add ``LINKS`` whose source and target operations are both in ``schema``."""
    paths = schema.get("paths", {})

    def operation(method: str, path: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = paths.get(path, {}).get(method)
        return found

    for (method, path), statuses, links in LINKS:
        source = operation(method, path)
        if source is None:
            continue
        for status in statuses:
            response = source.get("responses", {}).get(status)
            if response is None:
                continue
            for name, target, link in links:
                found = operation(*target)
                if found is not None and "operationId" in found:
                    entry = {"operationId": found["operationId"], **link}
                    response.setdefault("links", {}).setdefault(name, entry)
