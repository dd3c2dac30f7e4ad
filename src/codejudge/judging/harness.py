"""The host's side of the function-problem driver protocol (language-independent).

Host → driver: a spec file (names, and types already parsed: ``wire_type``; never expected
values) and, on stdin, one line per test: the JSON array of its arguments. Driver → host, one
JSON object per line on the channel: ``loading``, then ``ready`` or ``error``, then one
``result`` per test received.

What the submission printed during a test (stdout and stderr, through any API, buffered or
not) comes as ``stdout_b64``, the raw bytes in base64, so no byte can break the line; it is
shown as UTF-8 with each byte that is not valid UTF-8 escaped as ``\\xNN`` (Python's
``backslashreplace``), one rule for every language. A ``too_large`` result is an answer the
driver would not serialise (over ``VALUE_LIMIT_BYTES`` of JSON, or ``NODE_LIMIT`` nodes): the
submission's output over a limit, judged output_limit_exceeded like a flood of prints.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from codejudge.checkers import canonical_json
from codejudge.models import Signature
from codejudge.models.vocabulary import VOID, parse_type

# The longest answer (JSON text) a driver serialises; the same constant is in every driver.
# A longer one is output_limit_exceeded (the submission's output), never the judge's error.
VALUE_LIMIT_BYTES = 64 << 20
# The most nodes of a returned linked list, or level-order entries (nulls included) of a
# returned tree, a driver serialises (LeetCode's constraints stay under 10^5).
NODE_LIMIT = 1 << 22


# The ``error`` type a driver reports when loading the submission printed past the output limit.
OUTPUT_LIMIT_ERROR = "OutputLimit"


class ProtocolError(ValueError):
    """A channel line that is not a message of the protocol."""


@dataclass(frozen=True, slots=True)
class Ready:
    pass


@dataclass(frozen=True, slots=True)
class Loading:
    cpu_ms: float | None = None  # the driver's CPU so far, before any code of the submission


@dataclass(frozen=True, slots=True)
class LoadError:
    """The submission failed before the first test (an exception at import, no entry point)."""

    type: str
    message: str


@dataclass(frozen=True, slots=True)
class DriverResult:
    status: str  # ok | exception | output_limit | too_large
    stdout: str
    value: str | None = None  # canonical JSON of the answer when status == ok
    error_type: str | None = None
    message: str | None = None
    driver_ms: float = 0.0  # the driver's own measurement: advisory, never decides a limit


Message = Ready | Loading | LoadError | DriverResult


def check_signature(signature: Signature, known_types: frozenset[str]) -> None:
    """Raise ValueError unless the driver can convert every type of ``signature``."""
    types = [p.type for p in signature.params]
    if signature.returns != "void":
        types.append(signature.returns)
    elif signature.inplace not in {p.name for p in signature.params}:
        raise ValueError(f"{signature.function}: a void function needs an 'inplace' parameter")
    for type_name in types:
        if _leaf(type_name) not in known_types:
            raise ValueError(f"{signature.function}: unsupported type {type_name!r}")


def spec_json(signature: Signature, stdout_limit: int) -> bytes:
    names = [p.name for p in signature.params]
    spec = {
        "function": signature.function,
        "class_name": signature.class_name,
        "params": [wire_type(p.type) for p in signature.params],
        "returns": None if signature.returns == VOID else wire_type(signature.returns),
        "inplace": names.index(signature.inplace) if signature.inplace is not None else None,
        "stdout_limit": stdout_limit,
    }
    return json.dumps(spec).encode()


def wire_type(type_name: str) -> dict[str, str | int]:
    """A type as the spec gives it to the drivers, parsed here so that they only apply it: its
    base type and how many sequences wrap it (``integer[][]`` and ``list<integer[]>`` are both
    ``{"leaf": "integer", "depth": 2}``; arrays and lists differ only in Java's spelling, which
    its generated driver has already). Raises ``ValueError`` outside the vocabulary."""
    spec = parse_type(type_name)
    return {"leaf": spec.leaf, "depth": spec.depth}


@lru_cache(maxsize=1024)  # a problem's tests are sent again by every submission
def input_line(test_input: str, arity: int) -> bytes:
    """One test's arguments as a single line. A malformed test is the problem's fault."""
    args = json.loads(test_input)
    if not isinstance(args, list) or len(args) != arity:
        raise ValueError(f"test input must be a JSON array of {arity} arguments: {test_input!r}")
    if "\n" not in test_input and "\r" not in test_input:
        return (test_input.strip() + "\n").encode()  # already one line: no need to re-encode
    return (canonical_json(args) + "\n").encode()


def parse_line(line: bytes) -> Message:
    try:
        data = json.loads(line)
        event = data["event"]
        if event == "result":
            return _result(data)
        if event == "ready":
            return Ready()
        if event == "loading":
            cpu = data.get("cpu_ms")
            return Loading(float(cpu) if isinstance(cpu, int | float) else None)
        if event == "error":
            return LoadError(type=str(data["type"]), message=str(data["message"]))
    except (ValueError, KeyError, TypeError) as e:
        raise ProtocolError(f"not a driver message: {line[:200]!r}") from e
    raise ProtocolError(f"unknown driver event {event!r}")


def _result(data: dict[str, Any]) -> DriverResult:
    status = data["status"]
    if status not in ("ok", "exception", "output_limit", "too_large"):
        raise ProtocolError(f"unknown result status {status!r}")
    return DriverResult(
        status=status,
        stdout=printed(data.get("stdout_b64", "")),
        value=canonical_json(data["value"]) if status == "ok" else None,
        error_type=str(data["type"]) if status == "exception" else None,
        message=str(data["message"]) if status in ("exception", "too_large") else None,
        driver_ms=float(data.get("ms", 0.0)),
    )


def printed(b64: str) -> str:
    """The text shown for a test's output: raw bytes as UTF-8, any invalid byte as ``\\xNN``.
    Raises ValueError (a ProtocolError to the caller) when ``b64`` is not base64."""
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, TypeError) as e:
        raise ValueError("stdout_b64 is not base64") from e
    # NUL cannot be stored in a PostgreSQL text column: shown escaped like an invalid byte.
    return raw.decode("utf-8", "backslashreplace").replace("\0", "\\x00")


def _leaf(type_name: str) -> str | None:
    """The base type of ``type_name`` (inside its sequences), or None outside the vocabulary."""
    try:
        return parse_type(type_name).leaf
    except ValueError:
        return None
