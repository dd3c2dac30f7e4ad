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
    ProblemFormatError,
    TooLarge,
    Unavailable,
)
from codejudge.languages import LANGUAGES, get_language, language_of_file
from codejudge.languages.base import Language
from codejudge.languages.signatures import signature_refusal
from codejudge.models import (
    ADHOC_PROBLEM,
    CustomInput,
    NewSubmission,
    Priority,
    Problem,
    ProblemKind,
    Submission,
    SubmissionKind,
    Verdict,
)
from codejudge.problems import ProblemSet, solutions
from codejudge.problems.custom_input import custom_test
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
        """Validate (``validate``: nothing is stored when it raises), store (the source of
        truth) and enqueue one submission, run or ad hoc submission; raises what ``validate``
        raises.

        ``submit(NewSubmission(problem=ADHOC_PROBLEM, language=..., code=...,
        custom=CustomInput(stdin, expected_output, Limits(time_ms, memory_mb, output_kb))))``
        queues an ad hoc submission (the Judge0 face's): the code run as a stdio program on
        ``custom.input``, with ``custom.limits`` (None: ``Limits()``); a worker judges it on
        that one test (see ``judging.custom``)."""
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
        """Check ``new`` as ``submit`` takes it in, raising what the API answers (nothing is
        stored): ``NotFound`` (no such problem), ``InvalidInput`` (422: a language that does
        not exist or cannot solve the problem, empty code, a run of a problem without samples,
        a custom input that does not fit the problem), ``TooLarge`` (413: code, input or
        expected output over its cap), ``Unavailable`` (503: no live worker can run the
        language). Batches (``submit_many``) check each item with it.

        Text that no store can keep as sent is refused first, the same in both modes
        (``InvalidInput``, never echoing it): a lone surrogate (JSON allows ``"\ud800"``;
        UTF-8 cannot encode it) or a NUL in any field (PostgreSQL's text cannot hold one, and
        no compiler takes one); a custom input may hold NULs (it is stored as JSON, where a
        NUL is escaped; stdin is bytes), not lone surrogates.

        A run (``Priority.RUN``) is judged on the problem's samples, or with ``custom`` on
        that one input (``_validate_custom``); an ad hoc submission (``problem ==
        ADHOC_PROBLEM``) on its ``custom`` input alone (``_validate_adhoc``)."""
        for name, value in (("problem", new.problem), ("language", new.language)):
            _check_text(name, value)
        _check_text("code", new.code)
        if new.problem == ADHOC_PROBLEM:
            self._validate_adhoc(new)
            return
        problem = self.problems.get(new.problem)
        language = self._language(new.language, problem.kind)
        if problem.kind is ProblemKind.FUNCTION and problem.signature is not None:
            # Judging says the same (a compile error) to a rejudge of an older submission.
            refusal = signature_refusal(language, problem.signature)
            if refusal is not None:
                raise InvalidInput(refusal)
        self._check_available(language)
        self._check_code(new.code)
        if new.custom is not None:
            self._validate_custom(problem, new)
        elif new.kind is SubmissionKind.RUN and not problem.samples:
            raise InvalidInput(
                f"problem {problem.slug!r} has no sample tests to run; submit to judge it, or "
                "run it on your own 'input'"
            )

    def _language(self, language_id: str, kind: ProblemKind) -> Language:
        language = get_language(language_id)  # InvalidInput naming the supported ones
        if kind not in language.kinds:
            raise InvalidInput(f"{language.name} cannot be used for {kind} problems yet")
        return language

    def _check_available(self, language: Language) -> None:
        why = self.language_unavailable(language.id)
        if why:
            raise Unavailable(f"{language.name} is unavailable on every live worker: {why}")

    def _check_code(self, code: str) -> None:
        if not code.strip():
            raise InvalidInput("code is empty: send the source of your solution in 'code'")
        size, cap = len(code.encode()), self.settings.max_code_bytes
        if size > cap:
            raise TooLarge(f"code is {size} bytes; the limit is {cap} bytes")

    def _check_custom_texts(self, custom: CustomInput, name: str) -> None:
        """Sizes (``TooLarge``) and lone surrogates (``InvalidInput``) of a custom input and
        expected output; ``name`` is what the caller calls the input."""
        cap = self.settings.custom_input_max_bytes
        for field, text in ((name, custom.input), ("expected", custom.expected)):
            if text is None:
                continue
            _check_unicode(field, text)
            if (size := len(text.encode())) > cap:
                raise TooLarge(f"{field} is {size} bytes; the limit is {cap} bytes")

    def _validate_custom(self, problem: Problem, new: NewSubmission) -> None:
        """A run on the caller's input: checked against the problem (``custom_test``), and
        with no expected output, a reference solution must be there to compute it."""
        custom = new.custom
        assert custom is not None
        if new.kind is not SubmissionKind.RUN:
            raise InvalidInput(
                "custom input is for runs (POST /api/v1/runs); a submission is judged on the "
                "problem's tests"
            )
        if custom.limits is not None:
            raise InvalidInput("a run on a problem has the problem's limits; leave out 'limits'")
        self._check_custom_texts(custom, "input")
        custom_test(problem, custom.input, custom.expected)  # InvalidInput naming the rule
        if custom.expected is None and not self._has_reference(problem.slug):
            raise InvalidInput(
                f"problem {problem.slug!r} has no reference solution (solutions/accepted/) to "
                "compute the expected output of a custom input"
            )

    def _has_reference(self, slug: str) -> bool:
        """Whether the package has an accepted solution in a language this judge has (the
        worker picks which one runs: ``judging.custom.reference_solutions``)."""
        try:
            found = solutions(self.problems.folder(slug))
        except (NotFound, ProblemFormatError):
            return False
        return any(v is Verdict.ACCEPTED and language_of_file(f.name) for v, f in found)

    def _validate_adhoc(self, new: NewSubmission) -> None:
        """An ad hoc submission: a stdio program, its stdin (and expected output, if any)
        within ``custom_input_max_bytes``, its limits within the ``adhoc_max_*`` settings."""
        if new.custom is None or new.kind is SubmissionKind.RUN:
            # A run is of a problem (its samples, or its reference's answer to an input): an
            # empty problem there is a missing name, not a free-form program at RUN priority.
            raise InvalidInput("problem is empty: name a problem (see GET /api/v1/problems)")
        language = self._language(new.language, ProblemKind.STDIO)
        self._check_available(language)
        self._check_code(new.code)
        self._check_custom_texts(new.custom, "stdin")
        limits = new.custom.limits
        if limits is None:
            return
        settings = self.settings
        for name, value, most in (
            ("time_ms", limits.time_ms, settings.adhoc_max_time_ms),
            ("memory_mb", limits.memory_mb, settings.adhoc_max_memory_mb),
            ("output_kb", limits.output_kb, settings.adhoc_max_output_kb),
        ):
            if not 1 <= value <= most:
                raise InvalidInput(f"limits.{name} is {value}; it must be from 1 to {most}")

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
    _check_unicode(name, value)
    if (at := value.find("\x00")) >= 0:
        raise InvalidInput(
            f"{name} holds a NUL character (U+0000) at character {at + 1}; source code and "
            "names are text without NUL"
        )


def _check_unicode(name: str, value: str) -> None:
    """``InvalidInput`` for a lone surrogate in ``value``: no UTF-8 text holds one."""
    if found := _SURROGATE.search(value):
        raise InvalidInput(
            f"{name} is not valid Unicode: a lone surrogate (U+{ord(found.group()):04X}) at "
            f"character {found.start() + 1}; send UTF-8 text"
        )
