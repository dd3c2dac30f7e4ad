"""Submission intake: validate, store (the source of truth), enqueue; plus what intake asks of
the live workers (which languages they can judge) and sending a dead job back.

Domain logic, not HTTP: the API's routes call it, and so could a CLI command.
"""

from __future__ import annotations

import logging
import re
import time

from codejudge.exceptions import Conflict, InvalidInput, TooLarge, Unavailable
from codejudge.languages import LANGUAGES, get_language
from codejudge.languages.signatures import signature_refusal
from codejudge.models import (
    NewSubmission,
    Priority,
    ProblemKind,
    Submission,
    SubmissionKind,
)
from codejudge.problems import ProblemSet
from codejudge.queue import JobState, Queue
from codejudge.settings import Settings
from codejudge.store import Store

log = logging.getLogger("codejudge.submissions")
_STATUS_TTL = 2.0
WORKER_MAX_AGE = 15.0  # seconds without a heartbeat before a worker counts as gone

# Per language id: (usable on at least one live worker, or None if no worker has run its
# self-tests yet; why not, when no worker can).
LanguageStatus = dict[str, tuple[bool | None, str | None]]


class Submissions:
    """Takes submissions in. Thread-safe enough for a server's thread pool: the language
    status cache is one tuple swapped whole."""

    def __init__(self, settings: Settings, problems: ProblemSet, store: Store, queue: Queue):
        self.settings = settings
        self.problems = problems
        self.store = store
        self.queue = queue
        self._language_cache: tuple[float, LanguageStatus] | None = None

    def submit(self, new: NewSubmission) -> Submission:
        """Validate, store (the source of truth) and enqueue one submission.

        At ``Priority.RUN`` it is a run (``SubmissionKind.RUN``): the worker judges it on the
        problem's sample tests only, every one of them, and never reads the hidden ones;
        ``InvalidInput`` if the problem has no samples. (Custom input, issue 13, is a run of
        the caller's own tests: the check below is where it would go instead.)

        Text that no store can keep as sent is refused first, the same in both modes
        (``InvalidInput``, never echoing it): a lone surrogate (JSON allows ``"\ud800"``;
        UTF-8 cannot encode it) or a NUL in any field (PostgreSQL's text
        cannot hold one, and no compiler takes one)."""
        for name, value in (("problem", new.problem), ("language", new.language)):
            _check_text(name, value)
        _check_text("code", new.code)
        problem = self.problems.get(new.problem)
        language = get_language(new.language)  # InvalidInput naming the supported ones
        if problem.kind not in language.kinds:
            raise InvalidInput(f"{language.name} cannot be used for {problem.kind} problems yet")
        if problem.kind is ProblemKind.FUNCTION and problem.signature is not None:
            # Judging says the same (a compile error) to a rejudge of an older submission.
            refusal = signature_refusal(language, problem.signature)
            if refusal is not None:
                raise InvalidInput(refusal)
        why = self.language_unavailable(new.language)
        if why:
            raise Unavailable(f"{language.name} is unavailable on every live worker: {why}")
        if not new.code.strip():
            raise InvalidInput("code is empty: send the source of your solution in 'code'")
        size = len(new.code.encode())
        if size > self.settings.max_code_bytes:
            raise TooLarge(
                f"code is {size} bytes; the limit is {self.settings.max_code_bytes} bytes"
            )
        if new.kind is SubmissionKind.RUN and not problem.samples:
            raise InvalidInput(
                f"problem {problem.slug!r} has no sample tests to run; submit to judge it"
            )
        submission = self.store.insert(new)
        # Stored means accepted: if the queue is briefly unreachable, the reconciler enqueues
        # it later, so the client still gets its 202 and the submission its one verdict.
        try:
            self.queue.enqueue(submission.id, Priority(new.priority))
            self.queue.publish(submission.id, "queued", {})
        except Exception:
            log.warning(
                "enqueue of %s failed; the reconciler will retry", submission.id, exc_info=True
            )
        return submission

    def language_status(self) -> LanguageStatus:
        """Per language: (usable on at least one live worker, or None if no worker has run
        its self-tests yet; why not, when no worker can). Cached for a second or two: every
        submission asks, and the registry only changes at worker heartbeats."""
        now = time.monotonic()
        if self._language_cache is None or now - self._language_cache[0] > _STATUS_TTL:
            self._language_cache = (now, self._language_status())
        return self._language_cache[1]

    def _language_status(self) -> LanguageStatus:
        reports = [w.languages for w in self.store.live_workers(WORKER_MAX_AGE) if w.languages]
        status: LanguageStatus = {}
        for lang_id in LANGUAGES:
            seen = [r[lang_id] for r in reports if lang_id in r]
            if not seen:
                status[lang_id] = (None, None)
            elif any(why is None for why in seen):
                status[lang_id] = (True, None)
            else:
                status[lang_id] = (False, seen[0])
        return status

    def language_unavailable(self, language_id: str) -> str | None:
        usable, why = self.language_status().get(language_id, (None, None))
        return why if usable is False else None

    def redrive(self, job_id: str) -> None:
        """Send a dead-lettered job back to the queue (at its priority, with a fresh delivery
        count) and reopen its submission: ``queued`` again, the old result cleared, and
        ``queued_at`` set to now, so the queue wait the history charts runs from the re-drive
        and leaves out the time the job sat dead waiting for an operator (``Store.reopen``).
        ``NotFound`` for an unknown id, ``Conflict`` for a job that is not in the dead letters.

        The store first, then the queue: ``queue.redrive`` wakes an idle worker at once, and a
        worker that found the submission still ``finished`` would ack the job as already
        judged, leaving it ``queued`` in the store with nothing in the queue. Reopened first,
        it is ``queued`` whenever a worker can claim it; while it is dead no worker can, and
        the reconciler leaves a dead job alone. Every path that re-drives a job (this one; a
        problem measurement job's, if there is one) keeps that order."""
        before = self.store.get(job_id)  # NotFound for an unknown id
        if self.queue.state(job_id) is not JobState.DEAD:
            raise Conflict(f"job {job_id!r} is not in the dead letters")
        # Fenced by the token read above: if a delivery started the job meanwhile (another
        # operator re-drove it first), that delivery owns it and this changes nothing.
        if not self.store.reopen(job_id, before.token):
            raise Conflict(f"job {job_id!r} was re-driven meanwhile")
        if not self.queue.redrive(job_id):
            # Re-driven (or deleted) by someone else since the check: the submission is
            # queued either way, and the reconciler enqueues it if the queue has forgotten it.
            raise Conflict(f"job {job_id!r} left the dead letters meanwhile")
        self.queue.publish(job_id, "queued", {"redriven": True})


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(name: str, value: str) -> None:
    """``InvalidInput`` for a lone surrogate or a NUL in ``value`` (which is not repeated)."""
    if found := _SURROGATE.search(value):
        raise InvalidInput(
            f"{name} is not valid Unicode: a lone surrogate (U+{ord(found.group()):04X}) at "
            f"character {found.start() + 1}; send UTF-8 text"
        )
    if (at := value.find("\x00")) >= 0:
        raise InvalidInput(
            f"{name} holds a NUL character (U+0000) at character {at + 1}; source code and "
            "names are text without NUL"
        )
