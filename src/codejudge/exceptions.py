"""Few, flat exceptions under one base. The API maps them to HTTP in exactly one place."""


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


class Unavailable(CodejudgeError):
    """Something the request needs is down for now (e.g. no worker can run a language)."""


class LeaseLost(CodejudgeError):
    """The caller's fencing token is no longer current: another delivery owns the job."""


class SandboxUnavailable(CodejudgeError):
    """The sandbox cannot run here (bubblewrap missing or namespaces refused)."""


class ShutdownRequested(BaseException):
    """Raised inside a worker loop on SIGTERM/SIGINT.

    A BaseException, not an Exception, so that a broad ``except Exception`` around one job
    cannot swallow the request to drain and stop.
    """
