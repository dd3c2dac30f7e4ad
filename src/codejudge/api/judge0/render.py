"""A codejudge submission as Judge0 CE shows one (``SubmissionSerializer``): the attributes a
client asks for with ``?fields=`` (default: ``token, time, memory, stdout, stderr,
compile_output, message, status``; ``*``: every one), text attributes Base64-encoded with
``?base64_encoded=true`` (``source_code``, ``stdin``, ``expected_output``, ``stdout``,
``stderr``, ``compile_output``, ``message``), decimals as strings ("0.042"), times as
``2024-04-03T05:40:51.306Z``, an empty output as null.

Attributes codejudge does not keep are shown as Judge0 would have set them by default
(``/config_info``): ``number_of_runs`` 1, ``stack_limit``, ``cpu_extra_time`` and so on;
``wall_time`` is null."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from codejudge.api.judge0.config import Judge0Config
from codejudge.api.judge0.vocabulary import (
    PRIMARY_ID,
    decimal,
    encode64,
    message_of,
    run_row,
    seconds,
    status_of,
    timestamp,
)
from codejudge.languages import LANGUAGES
from codejudge.models import Limits, Submission

# Judge0 CE 1.13.1's attributes (its submissions columns, ``status`` and ``language``, not
# ``id``), in its schema's order. Later Judge0 versions added started_at, queued_at,
# updated_at, queue_host and execution_host; the SDK refuses attributes it does not know.
AVAILABLE_FIELDS = (
    "source_code", "language_id", "stdin", "expected_output", "stdout", "status_id",
    "created_at", "finished_at", "time", "memory", "stderr", "token", "number_of_runs",
    "cpu_time_limit", "cpu_extra_time", "wall_time_limit", "memory_limit", "stack_limit",
    "max_processes_and_or_threads", "enable_per_process_and_thread_time_limit",
    "enable_per_process_and_thread_memory_limit", "max_file_size", "compile_output",
    "exit_code", "exit_signal", "message", "wall_time", "compiler_options",
    "command_line_arguments", "redirect_stderr_to_stdout", "callback_url", "additional_files",
    "enable_network", "status", "language",
)  # fmt: skip
DEFAULT_FIELDS = (
    "token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status",
)  # fmt: skip
ENCODED_FIELDS = frozenset(
    {"source_code", "stdin", "expected_output", "stdout", "stderr", "compile_output", "message"}
)


def requested_fields(param: str | None) -> tuple[tuple[str, ...], list[str]]:
    """``?fields=`` as Judge0's ``Fields::Submission`` reads it: the attributes to show, and
    the names it does not know (a non-empty list is answered 400 ``invalid fields: [...]``).
    Empty or only unknown names: the defaults; ``*`` among them: every attribute."""
    names = [n for n in (param or "").split(",") if n]
    invalid = [n for n in names if n != "*" and n not in AVAILABLE_FIELDS]
    if "*" in names:
        return AVAILABLE_FIELDS, invalid
    known = tuple(dict.fromkeys(n for n in names if n in AVAILABLE_FIELDS))
    return known or DEFAULT_FIELDS, invalid


def _empty_none(text: str | None) -> str | None:
    return text if text else None


def _attributes(sub: Submission, config: Judge0Config) -> dict[str, Callable[[], Any]]:
    """Each attribute's value, computed only when asked for."""
    row = run_row(sub)
    result = sub.result
    custom = sub.custom
    limits = custom.limits if custom is not None and custom.limits else Limits()
    language_id = PRIMARY_ID.get(sub.language)
    status = status_of(sub)
    stdout = None if row is None else (row.stdout if row.stdout is not None else row.actual)
    exit_code = None if row is None else (row.exit_code if row.exit_code is not None else 0)
    language = LANGUAGES.get(sub.language)
    return {
        "source_code": lambda: sub.code,
        "language_id": lambda: language_id,
        "stdin": lambda: None if custom is None else custom.input,
        "expected_output": lambda: None if custom is None else custom.expected,
        "stdout": lambda: _empty_none(stdout),
        "status_id": lambda: int(status),
        "created_at": lambda: timestamp(sub.queued_at),
        "finished_at": lambda: timestamp(sub.finished_at),
        "time": lambda: None if row is None else seconds(row.time_ms),
        "memory": lambda: None if row is None else row.memory_kb,
        "stderr": lambda: None if row is None else _empty_none(row.stderr),
        "token": lambda: sub.id,
        "number_of_runs": lambda: config.number_of_runs,
        "cpu_time_limit": lambda: decimal(limits.time_ms / 1000),
        "cpu_extra_time": lambda: decimal(config.cpu_extra_time),
        "wall_time_limit": lambda: decimal(config.wall_time_limit),
        "memory_limit": lambda: limits.memory_mb * 1024,
        "stack_limit": lambda: config.stack_limit,
        "max_processes_and_or_threads": lambda: config.max_processes_and_or_threads,
        "enable_per_process_and_thread_time_limit": lambda: False,
        "enable_per_process_and_thread_memory_limit": lambda: False,
        "max_file_size": lambda: limits.output_kb,
        "compile_output": lambda: None if result is None else _empty_none(result.compile_output),
        "exit_code": lambda: exit_code,
        "exit_signal": lambda: None if row is None else row.signal,
        "message": lambda: message_of(sub),
        "wall_time": lambda: None,
        "compiler_options": lambda: None,
        "command_line_arguments": lambda: None,
        "redirect_stderr_to_stdout": lambda: False,
        "callback_url": lambda: sub.callback_url,
        "additional_files": lambda: None,
        "enable_network": lambda: False,
        "status": status.as_json,
        "language": lambda: {
            "id": language_id,
            "name": language.name if language is not None else sub.language,
        },
    }


def render(
    sub: Submission, fields: tuple[str, ...], base64: bool, config: Judge0Config
) -> dict[str, Any]:
    """``sub`` as Judge0 shows it: ``fields`` (from ``requested_fields``) in that order."""
    values = _attributes(sub, config)
    out: dict[str, Any] = {}
    for name in fields:
        value = values[name]()
        out[name] = encode64(value) if base64 and name in ENCODED_FIELDS else value
    return out
