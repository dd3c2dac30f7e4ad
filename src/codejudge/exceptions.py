"""Few, flat exceptions under one base. The API maps them to HTTP in exactly one place."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

C = TypeVar("C", bound=type)

BACKEND_DOWN = "the store or queue is briefly unavailable; retry"


class CodejudgeError(Exception):
    """Base of every error codejudge raises on purpose."""


class NotFound(CodejudgeError):
    """A problem, submission or job that does not exist."""


class InvalidInput(CodejudgeError):
    """Input a user can fix: unknown language, empty or oversized code, bad problem package."""


class TooLarge(InvalidInput):
    """Input over a configured size cap (code, request body)."""


class ProblemFormatError(InvalidInput):
    """A problem package that does not follow the documented format."""


class Conflict(CodejudgeError):
    """The request clashes with the current state (an existing slug, a read-only problem, a
    job that is not dead)."""


class Unauthorized(CodejudgeError):
    """The request carries no credentials, or wrong ones, for what it asks."""


class Forbidden(CodejudgeError):
    """What the request asks is not allowed here, whatever its credentials (e.g. the admin
    API when no admin token is configured)."""


class Unavailable(CodejudgeError):
    """Something the request needs is down for now (e.g. no worker can run a language, or the
    store or queue is restarting). ``retry_after``: seconds after which a retry may succeed."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimited(CodejudgeError):
    """A caller over one of its limits (submissions per minute, submissions queued at once):
    429 with ``Retry-After``. ``limit`` names which limit, ``retry_after`` is in seconds."""

    def __init__(self, message: str, limit: str, retry_after: float) -> None:
        super().__init__(message)
        self.limit = limit
        self.retry_after = retry_after


class LeaseLost(CodejudgeError):
    """The caller's fencing token is no longer current: another delivery owns the job."""


class SandboxUnavailable(CodejudgeError):
    """The sandbox cannot run here (bubblewrap missing or namespaces refused)."""


class ShutdownRequested(BaseException):
    """Raised inside a worker loop on SIGTERM/SIGINT.

    A BaseException, not an Exception, so that a broad ``except Exception`` around one job
    cannot swallow the request to drain and stop.
    """


def unavailable_on(*errors: type[BaseException]) -> Callable[[C], C]:
    """Class decorator for a backend (store, queue): its public methods re-raise ``errors``
    (the backend's connection and operational failures) as ``Unavailable``, so that no caller
    needs to know the backend's exception types. Properties and static methods are left as
    they are."""

    def translated(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except errors as exc:
                raise Unavailable(BACKEND_DOWN, retry_after=1) from exc

        return call

    def decorate(cls: C) -> C:
        for name, member in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(member):
                setattr(cls, name, translated(member))
        return cls

    return decorate
