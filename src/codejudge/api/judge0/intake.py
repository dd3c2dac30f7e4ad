"""A Judge0 submission request into a codejudge ad hoc submission, refused the way Judge0 CE
refuses it: ``{"field": ["message", ...]}`` with Rails' messages ("can't be blank", "is not a
number", "must be less than or equal to 15.0", "language with id 9 doesn't exist"; Judge0's
``app/models/submission.rb``). Fields are those of Judge0's ``submission_params``; others are
ignored, as Rails' ``permit`` ignores them.

Units in, as Judge0's: ``cpu_time_limit`` and ``wall_time_limit`` in seconds, ``memory_limit``
and ``max_file_size`` in kilobytes. Into ``Limits``: the CPU time in ms (rounded), the memory
in whole MB (rounded up), the output in KB. ``wall_time_limit``, ``cpu_extra_time``,
``stack_limit`` and ``max_processes_and_or_threads`` are checked against Judge0's bounds and
then left to codejudge's sandbox, which sets them its own way (docs/judge0.md)."""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from codejudge.api.judge0.config import (
    MIN_MEMORY_KB,
    MIN_WALL_TIME,
    Judge0Config,
)
from codejudge.api.judge0.errors import FieldErrors, field_errors
from codejudge.api.judge0.vocabulary import BY_ID, decode64
from codejudge.models import ADHOC_PROBLEM, CustomInput, Limits, NewSubmission, Priority
from codejudge.settings import Settings


class Judge0SubmissionIn(BaseModel):
    """A submission as Judge0 CE takes it (``POST /submissions``; one item of a batch).
    ``source_code``, ``stdin`` and ``expected_output`` are Base64 with ``?base64_encoded=true``."""

    # NaN and infinities (Python's JSON reads them) are not numbers here.
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)

    source_code: str | None = None
    language_id: int | None = None
    stdin: str | None = None
    expected_output: str | None = None
    cpu_time_limit: float | None = None
    cpu_extra_time: float | None = None
    wall_time_limit: float | None = None
    memory_limit: float | None = None
    stack_limit: int | None = None
    max_processes_and_or_threads: int | None = None
    enable_per_process_and_thread_time_limit: bool | None = None
    enable_per_process_and_thread_memory_limit: bool | None = None
    max_file_size: int | None = None
    redirect_stderr_to_stdout: bool | None = None
    enable_network: bool | None = None
    number_of_runs: int | None = None
    compiler_options: str | None = None
    command_line_arguments: str | None = None
    additional_files: str | None = None
    callback_url: str | None = None


# An http(s) URL as one printable ASCII word; where it may point is the webhooks' rule
# (docs/webhooks.md), checked when the submission is taken in and again on delivery.
_URL = re.compile(r"https?://[!-~]{1,2000}", re.IGNORECASE)


def parse_item(data: Any) -> Judge0SubmissionIn | FieldErrors:
    """One submission of a request body (a batch's items are checked one by one)."""
    if not isinstance(data, dict):
        return {"base": ["a submission is a JSON object"]}
    try:
        return Judge0SubmissionIn.model_validate(data)
    except ValidationError as exc:
        return field_errors(exc.errors())


def _number(value: float) -> str:
    """A bound as Rails' numericality message writes it: 15.0 for a float, 2048 for an int."""
    return str(value)


class _Errors:
    def __init__(self) -> None:
        self.fields: FieldErrors = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def between(self, field: str, value: float | None, low: float, high: float) -> None:
        """Rails' ``numericality: {greater_than_or_equal_to: low, less_than_or_equal_to: high}``."""
        if value is None:
            return
        if value < low:
            self.add(field, f"must be greater than or equal to {_number(low)}")
        elif value > high:
            self.add(field, f"must be less than or equal to {_number(high)}")

    def above(self, field: str, value: float | None, high: float) -> None:
        """``numericality: {greater_than: 0, less_than_or_equal_to: high}``."""
        if value is None:
            return
        if value <= 0:
            self.add(field, "must be greater than 0")
        elif value > high:
            self.add(field, f"must be less than or equal to {_number(high)}")


def _text(errors: _Errors, field: str, value: str | None, base64: bool) -> str | None:
    """A text field as sent, or Base64-decoded; its bytes must be UTF-8 (codejudge keeps
    text; Judge0 keeps bytes)."""
    if value is None or not base64:
        return value
    try:
        return decode64(value).decode("utf-8")
    except UnicodeDecodeError:
        errors.add(field, "is not UTF-8 text once decoded from Base64")
        return None


def _check_options(errors: _Errors, body: Judge0SubmissionIn, config: Judge0Config) -> None:
    """The options this face does not have, refused as Judge0 refuses a disabled one."""
    if (body.compiler_options or "").strip():
        errors.add("compiler_options", "setting compiler options is not allowed")
    if (body.command_line_arguments or "").strip():
        errors.add("command_line_arguments", "setting command line arguments is not allowed")
    if (body.additional_files or "").strip():
        errors.add("additional_files", "setting additional files is not allowed")
    if body.enable_network:
        errors.add("enable_network", "enabling network is not allowed")
    if body.enable_per_process_and_thread_time_limit:
        errors.add("enable_per_process_and_thread_time_limit", "this option cannot be enabled")
    if body.enable_per_process_and_thread_memory_limit:
        errors.add("enable_per_process_and_thread_memory_limit", "this option cannot be enabled")
    if body.redirect_stderr_to_stdout:
        errors.add("redirect_stderr_to_stdout", "redirecting stderr to stdout is not supported")
    errors.above("number_of_runs", body.number_of_runs, config.max_number_of_runs)


def _check_limits(errors: _Errors, body: Judge0SubmissionIn, config: Judge0Config) -> None:
    # cpu_time_limit and max_file_size: Judge0 allows 0 (no limit); codejudge always has one.
    errors.above("cpu_time_limit", body.cpu_time_limit, config.max_cpu_time_limit)
    errors.between("cpu_extra_time", body.cpu_extra_time, 0, config.max_cpu_extra_time)
    errors.between(
        "wall_time_limit", body.wall_time_limit, MIN_WALL_TIME, config.max_wall_time_limit
    )
    errors.between("memory_limit", body.memory_limit, MIN_MEMORY_KB, config.max_memory_limit)
    errors.between("stack_limit", body.stack_limit, 0, config.max_stack_limit)
    errors.above(
        "max_processes_and_or_threads",
        body.max_processes_and_or_threads,
        config.max_max_processes_and_or_threads,
    )
    errors.above("max_file_size", body.max_file_size, config.max_max_file_size)


def limits_of(body: Judge0SubmissionIn, config: Judge0Config) -> Limits:
    """The sandbox limits of a checked request: its own, else this server's defaults."""
    cpu = body.cpu_time_limit if body.cpu_time_limit is not None else config.cpu_time_limit
    memory = body.memory_limit if body.memory_limit is not None else config.memory_limit
    output = body.max_file_size if body.max_file_size is not None else config.max_file_size
    return Limits(
        time_ms=max(1, round(cpu * 1000)),
        memory_mb=max(1, math.ceil(memory / 1024)),
        output_kb=int(output),
    )


def new_submission(
    body: Judge0SubmissionIn, base64: bool, settings: Settings, config: Judge0Config
) -> NewSubmission | FieldErrors:
    """The ad hoc submission a checked request makes, or Judge0's 422 body saying why not.
    Sizes: ``source_code`` at most ``CODEJUDGE_MAX_CODE_BYTES``, ``stdin`` and
    ``expected_output`` at most ``CODEJUDGE_CUSTOM_INPUT_MAX_BYTES`` (UTF-8 bytes)."""
    errors = _Errors()
    code = _text(errors, "source_code", body.source_code, base64)
    stdin = _text(errors, "stdin", body.stdin, base64)
    expected = _text(errors, "expected_output", body.expected_output, base64)
    if not (code or "").strip() and "source_code" not in errors.fields:
        errors.add("source_code", "can't be blank")
    if body.language_id is None:
        errors.add("language_id", "can't be blank")
    elif body.language_id not in BY_ID:
        errors.add("language_id", f"language with id {body.language_id} doesn't exist")
    for field, text, cap in (
        ("source_code", code, settings.max_code_bytes),
        ("stdin", stdin, settings.custom_input_max_bytes),
        ("expected_output", expected, settings.custom_input_max_bytes),
    ):
        if text is not None and len(text.encode("utf-8", "surrogatepass")) > cap:
            errors.add(field, f"is too long (maximum is {cap} bytes)")
    _check_limits(errors, body, config)
    _check_options(errors, body, config)
    if body.callback_url and not _URL.fullmatch(body.callback_url):
        errors.add("callback_url", "is not an http:// or https:// URL")
    if errors.fields:
        return errors.fields
    assert code is not None and body.language_id is not None
    return NewSubmission(
        problem=ADHOC_PROBLEM,
        language=BY_ID[body.language_id].language,
        code=code,
        priority=Priority.SUBMIT,
        callback_url=body.callback_url or None,
        custom=CustomInput(stdin or "", expected, limits_of(body, config)),
    )
