"""Submission intake: validate, store (the source of truth), enqueue; plus what intake asks of
the live workers (which languages they can judge) and sending a dead job back.

Domain logic, not HTTP: the API's routes call it, and so could a CLI command.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Sequence

from codejudge.callback_urls import CallbackPolicy, check_at_intake
from codejudge.exceptions import (
    CodejudgeError,
    Conflict,
    InvalidInput,
    NotFound,
    TooLarge,
    Unavailable,
)
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
        self.callback_policy = CallbackPolicy.of(settings.callback_allow)

    def submit(self, new: NewSubmission) -> Submission:
        """Validate (``validate``), store (the source of truth) and enqueue one submission;
        raises what ``validate`` raises."""
        self.validate(new)
        submission = self.store.insert(self.with_callback(new))
        self._enqueue([submission])
        return submission

    def submit_many(self, news: Sequence[NewSubmission]) -> list[Submission | CodejudgeError]:
        """A batch: per item, in order, the stored submission or the error that refused it
        (what ``submit`` would raise: ``InvalidInput``, ``TooLarge``, ``NotFound``,
        ``Unavailable``). The valid items are stored in ONE store transaction
        (``Store.insert_many``: all of them or, if the store fails, none, and then that
        ``Unavailable`` is raised) and enqueued with one ``enqueue_many`` per priority."""
        out: list[Submission | CodejudgeError] = []
        valid: list[NewSubmission] = []
        for new in news:
            try:
                self.validate(new)
                valid.append(self.with_callback(new))
                out.append(_PENDING)
            except (InvalidInput, NotFound, Unavailable) as exc:
                out.append(exc)
        stored = iter(self.store.insert_many(valid))
        out = [next(stored) if item is _PENDING else item for item in out]
        self._enqueue([item for item in out if isinstance(item, Submission)])
        return out

    def with_callback(self, new: NewSubmission) -> NewSubmission:
        """``new`` as it is stored: its ``callback_url`` checked against the SSRF rules
        (``callback_urls.check_at_intake``: ``InvalidInput`` naming why not), or, when it
        names none, its key's default ``ApiKey.callback_url`` (checked when sent)."""
        if new.callback_url is not None:
            _check_text("callback_url", new.callback_url)
            url = check_at_intake(new.callback_url, self.callback_policy)
            return dataclasses.replace(new, callback_url=url)
        if new.owner is not None:
            try:
                default = self.store.keys.get(new.owner).callback_url
            except NotFound:
                default = None
            return dataclasses.replace(new, callback_url=default)
        return new

    def _enqueue(self, submissions: Sequence[Submission]) -> None:
        """One ``enqueue_many`` per priority, in order; a queued event each."""
        # Stored means accepted: if the queue is briefly unreachable, the reconciler enqueues
        # them later, so the client still gets its 202 and each submission its one verdict.
        for priority in sorted({s.priority for s in submissions}):
            ids = [s.id for s in submissions if s.priority == priority]
            try:
                self.queue.enqueue_many(ids, Priority(priority))
                for job_id in ids:
                    self.queue.publish(job_id, "queued", {})
            except Exception:
                log.warning("enqueue of %s failed; the reconciler will retry", ids, exc_info=True)

    def validate(self, new: NewSubmission) -> None:
        """Refuse a submission that cannot be judged, with what to fix (the store and the
        queue are not touched); ``submit`` and ``submit_many`` both start here.

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


_PENDING = CodejudgeError("placeholder of a valid batch item until it is stored")
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
