"""Refusals in Judge0 CE's shapes, for the Judge0 face's routes only (the rest of the API keeps
codejudge's ``{error, detail}``, ``api/errors.py``):

- a submission that does not validate: 422 ``{"field": ["message", ...]}`` (Rails'
  ``render json: submission.errors``);
- anything else: ``{"error": "message"}`` (Judge0's ``render json: {error: ...}``): 400 for a
  request Judge0 calls bad (``fields``, a batch's size, malformed JSON), 404, 401/403 (keys
  and roles), 429 and 503 with ``Retry-After`` (admission, a worker-less language).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from codejudge.api.errors import retry_after
from codejudge.exceptions import (
    CodejudgeError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    Unauthorized,
    Unavailable,
)

FieldErrors = dict[str, list[str]]  # Judge0's (Rails') error body: field -> messages


class BadRequest(InvalidInput):
    """What Judge0 answers 400 ``{"error": ...}``: unknown ``fields``, a batch of none or too
    many."""


_STATUS: list[tuple[type[CodejudgeError], int]] = [
    (BadRequest, 400),
    (NotFound, 404),
    (InvalidInput, 422),
    (Unauthorized, 401),
    (Forbidden, 403),
    (RateLimited, 429),
]


_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string"}},
    "required": ["error"],
}
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"language_id": ["language with id 150000 doesn't exist"]},
}
_WHY = {
    400: "malformed JSON, unknown `fields`, a batch of none or too many",
    401: "a wrong or revoked API key, or none where one is required",
    403: "the API key lacks the role this needs",
    404: "no such submission or language (or not the caller's)",
    422: "the submission does not validate: `{field: [messages]}`",
    429: "over a rate limit or quota (`Retry-After`)",
    503: "maintenance, a full queue, or no live worker for the language (`Retry-After`)",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the refusals a route may answer, with Judge0's bodies."""
    return {
        code: {
            "description": _WHY[code],
            "content": {
                "application/json": {"schema": FIELD_ERRORS if code == 422 else _ERROR_SCHEMA}
            },
        }
        for code in codes
    }


def error_response(exc: CodejudgeError) -> JSONResponse:
    """A codejudge error as ``{"error": message}`` with its status (503 for anything
    unavailable), ``Retry-After`` in whole seconds when the error knows when to come back."""
    status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 503)
    response = JSONResponse({"error": str(exc)}, status_code=status)
    if isinstance(exc, RateLimited | Unavailable) and exc.retry_after is not None:
        response.headers["Retry-After"] = retry_after(exc.retry_after)
    return response


# Pydantic's error types in Rails' words (its numericality and type messages).
_TYPE_MESSAGES = {
    "int_parsing": "is not a number",
    "int_type": "is not a number",
    "int_from_float": "must be an integer",
    "float_parsing": "is not a number",
    "float_type": "is not a number",
    "finite_number": "is not a number",
    "bool_parsing": "is not a boolean",
    "bool_type": "is not a boolean",
    "string_type": "must be a string",
    "list_type": "must be a list",
    "model_attributes_type": "must be a JSON object",
    "dict_type": "must be a JSON object",
}


def field_errors(errors: Iterable[Any]) -> FieldErrors:
    """Pydantic's (or FastAPI's) validation errors by the field they are on ("base" for the
    body as a whole), each in Rails' words where it has some."""
    out: FieldErrors = {}
    for err in errors:
        loc = [p for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        message = _TYPE_MESSAGES.get(str(err.get("type")), str(err.get("msg", "is invalid")))
        out.setdefault(str(loc[0]) if loc else "base", []).append(message)
    return out


class Judge0Route(APIRoute):
    """A route whose refusals, its dependencies' (``current_caller``) included, have Judge0's
    bodies: malformed JSON 400, a body that does not validate 422 ``field_errors``, a codejudge
    error ``error_response``."""

    own_error_bodies = True  # api/openapi.py leaves its refusals as declared here

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def judge0_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                if any(e.get("type") == "json_invalid" for e in exc.errors()):
                    return JSONResponse({"error": "the body is not valid JSON"}, status_code=400)
                return JSONResponse(field_errors(exc.errors()), status_code=422)
            except CodejudgeError as exc:
                return error_response(exc)

        return judge0_handler
