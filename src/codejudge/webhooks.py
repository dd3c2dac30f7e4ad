"""Webhooks: POST a finished submission's result to its ``callback_url`` (docs/webhooks.md).

The delivery queue is the store's (``store.deliveries``): a delivery is made in the
transaction that finishes the submission, so a worker never waits on a receiver; a
``Dispatcher`` thread in every ``serve`` and ``worker`` process claims due deliveries with a
lease (N processes never send one at once) and sends them, a few at a time.

One attempt: the body (``payload``) is signed Stripe-style, ``X-Codejudge-Signature:
sha256=<hex HMAC-SHA256(secret, f"{timestamp}.{body}")>`` with ``X-Codejudge-Timestamp``
(Unix seconds), so a receiver can refuse a replayed or forged call; the secret is the owner
key's ``webhook_secret``, or for a submission made without a key ``CODEJUDGE_WEBHOOK_SECRET``
(``default_secret``). The URL is checked against the SSRF rules at every attempt and the
request connects to an address that passed (``callback_urls``); redirects are not followed.
The attempt has one deadline, ``webhook_timeout_seconds``, for connecting, sending and the
answer's status line and headers together (a receiver trickling its answer a byte at a time
cannot hold a sender longer: the request runs as an asyncio task under ``asyncio.timeout``,
which cancels it, closing the connection, at the deadline); ``Dispatcher.stop`` cancels the
sends under way the same way, recording them as interrupted (retried). What an attempt
records of the answer is its status code and that code's standard reason (``HTTP 503
Service Unavailable``), never the receiver's body or headers (an allow-listed internal host's
answer is no caller's business).
A 2xx delivers. A 5xx, 408, 429, timeout or connection error is retried with exponential
backoff (``webhook_backoff_seconds`` doubling up to ``webhook_backoff_max_seconds``; a 429's
or 503's ``Retry-After``, if longer, is honoured) for up to ``webhook_retry_seconds`` after
the finish; any other answer, a refused address or running out of time fails it for good.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import secrets
import socket
import ssl
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from codejudge import __version__
from codejudge.api.schemas import SubmissionOut
from codejudge.callback_urls import CallbackPolicy, Resolver, Target, parse, system_resolver
from codejudge.exceptions import InvalidInput, NotFound
from codejudge.models import Submission
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.store.deliveries import Attempt, Delivery, DeliveryStatus

log = logging.getLogger("codejudge.webhooks")

EVENT = "submission.finished"
SECRET_FILE = "webhook-secret"  # in the data dir, when CODEJUDGE_WEBHOOK_SECRET is unset
_RETRY_STATUSES = frozenset({408, 429})  # and every 5xx
STOP_GRACE_SECONDS = 5.0  # how long ``Dispatcher.stop`` waits for cancelled sends to record
STOPPED = "interrupted: the sending process stopped"
_WARM_UP = threading.Lock()
_warm = [False]  # Dispatcher._warm_up done in this process


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Codejudge-Signature`` value: ``sha256=`` + hex HMAC-SHA256 of
    ``f"{timestamp}.".encode() + body`` under ``secret`` (UTF-8)."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def payload(delivery_id: str, submission: Submission) -> bytes:
    """The body: ``{"type": "submission.finished", "delivery": <id>, "submission": <as GET
    /api/v1/submissions/{id} answers, without "code">}``, compact JSON, UTF-8."""
    shown = SubmissionOut.of(submission).model_dump(mode="json", exclude={"code"})
    data = {"type": EVENT, "delivery": delivery_id, "submission": shown}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def default_secret(settings: Settings) -> str:
    """The secret of keyless submissions' webhooks: ``CODEJUDGE_WEBHOOK_SECRET``, else one
    generated on first use into ``<data_dir>/webhook-secret`` (mode 0600; every process that
    shares the data dir reads the same one: the first to write it wins, atomically)."""
    if settings.webhook_secret:
        return settings.webhook_secret
    path = settings.data_dir / SECRET_FILE
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    tmp = path.with_name(f"{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    tmp.write_text("whsec_" + secrets.token_urlsafe(32) + "\n")
    tmp.chmod(0o600)
    try:
        os.link(tmp, path)  # fails if another process wrote it first: then read theirs
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one attempt came to (before the retry decision)."""

    status_code: int | None = None
    error: str | None = None
    address: str | None = None
    retry: bool = False
    retry_after: float = 0.0  # the receiver's Retry-After, seconds

    @property
    def delivered(self) -> bool:
        return self.error is None


class Dispatcher:
    """Sends due webhook deliveries: a daemon thread claiming them from the store and up to
    ``webhook_concurrency`` sends at once. ``start``/``stop``; ``run_once`` for one pass."""

    def __init__(
        self, settings: Settings, store: Store, resolve: Resolver = system_resolver
    ) -> None:
        self.settings = settings
        self.store = store
        self.resolve = resolve
        self.policy = CallbackPolicy.of(settings.callback_allow)
        # Long enough to resolve, send (timeout) and write the result; a sender slower than
        # that loses its lease and its result is not written (``DeliveryStore.record``).
        self.lease_seconds = 2 * settings.webhook_timeout_seconds + 30
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="codejudge-webhooks", daemon=True)
        self._pool = ThreadPoolExecutor(settings.webhook_concurrency, "codejudge-webhook")
        self._ssl = httpx.create_ssl_context()  # made once (loading the CAs is slow), shared
        self._lock = threading.Lock()
        self._running: set[Future[None]] = set()  # sends submitted, not finished
        self._requests: dict[asyncio.Task[Outcome], asyncio.AbstractEventLoop] = {}  # in flight

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop claiming, cancel the requests in flight (each attempt is recorded as
        interrupted, to be retried) and wait up to ``STOP_GRACE_SECONDS`` for the sends to
        finish recording: a receiver cannot hold a stopping process."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(STOP_GRACE_SECONDS)
        with self._lock:
            for task, loop in self._requests.items():
                loop.call_soon_threadsafe(task.cancel)
            running = set(self._running)
        self._pool.shutdown(wait=False, cancel_futures=True)
        _, late = wait(running, timeout=STOP_GRACE_SECONDS)
        if late:
            log.warning("%d webhook send(s) still running at stop; leases will lapse", len(late))

    def run_once(self) -> int:
        """Claim what is due (up to the concurrency) and send it; how many were sent."""
        self._pool.submit(self._warm_up).result()
        claimed = self.store.deliveries.claim(self.settings.webhook_concurrency, self.lease_seconds)
        for done in [self._submit(d) for d in claimed]:
            done.result()
        return len(claimed)

    def _submit(self, delivery: Delivery) -> Future[None]:
        future = self._pool.submit(self.send, delivery)
        with self._lock:
            self._running.add(future)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, future: Future[None]) -> None:
        with self._lock:
            self._running.discard(future)

    def _warm_up(self) -> None:
        """Load what the first request would (httpcore's async side, anyio's asyncio backend:
        0.1-1 s of imports) before the first attempt, whose backoff counts from its start.
        Once per process; in a thread of ours (the caller may be an event loop's)."""
        with _WARM_UP:
            if not _warm[0]:
                asyncio.run(_connect_refused(self._ssl))
                _warm[0] = True

    def _loop(self) -> None:
        self._warm_up()
        while not self._stop.is_set():
            with self._lock:
                free = self.settings.webhook_concurrency - len(self._running)
            claimed: list[Delivery] = []
            try:
                if free > 0:
                    claimed = self.store.deliveries.claim(free, self.lease_seconds)
            except Exception:
                log.warning("could not claim webhook deliveries", exc_info=True)
            try:
                for delivery in claimed:
                    self._submit(delivery)
            except RuntimeError:  # stop() shut the pool: the claims' leases will lapse
                return
            if not claimed or len(claimed) < free:
                self._stop.wait(self.settings.webhook_poll_seconds)

    def send(self, delivery: Delivery) -> None:
        """One attempt at a claimed delivery, recorded whatever happens."""
        started = time.monotonic()
        at = datetime.now(UTC)
        try:
            outcome = self._attempt(delivery)
        except Exception as exc:  # a bug or the store away: retried like a network error
            log.exception("webhook delivery %s: attempt failed", delivery.id)
            outcome = Outcome(error=f"{type(exc).__name__}: {exc}", retry=True)
        duration_ms = round((time.monotonic() - started) * 1000)
        status, next_at, error = self._decide(delivery, outcome, at)
        attempt = Attempt(
            at=at,
            url=delivery.url,
            duration_ms=duration_ms,
            address=outcome.address,
            status_code=outcome.status_code,
            error=error,
            next_retry_at=next_at,
        )
        try:
            if not self.store.deliveries.record(delivery, attempt, status):
                log.warning("webhook delivery %s: lease lost; attempt not recorded", delivery.id)
        except Exception:
            log.warning("webhook delivery %s: could not record", delivery.id, exc_info=True)

    def _decide(
        self, delivery: Delivery, outcome: Outcome, at: datetime
    ) -> tuple[DeliveryStatus, datetime | None, str | None]:
        """(status, next attempt time, error) after this attempt."""
        if outcome.delivered:
            return DeliveryStatus.DELIVERED, None, None
        if not outcome.retry:
            return DeliveryStatus.FAILED, None, outcome.error
        number = delivery.attempts + 1
        s = self.settings
        delay = min(s.webhook_backoff_seconds * 2 ** (number - 1), s.webhook_backoff_max_seconds)
        next_at = at + timedelta(seconds=max(delay, outcome.retry_after))
        give_up = delivery.created_at + timedelta(seconds=s.webhook_retry_seconds)
        if next_at > give_up:
            why = f"{outcome.error} (gave up after {number} attempt(s) over "
            return DeliveryStatus.FAILED, None, f"{why}{s.webhook_retry_seconds:g} s)"
        return DeliveryStatus.PENDING, next_at, outcome.error

    def _attempt(self, delivery: Delivery) -> Outcome:
        try:
            submission = self.store.get(delivery.submission_id)
        except NotFound:
            return Outcome(error="the submission no longer exists")
        try:
            target = parse(delivery.url)
        except InvalidInput as exc:
            return Outcome(error=str(exc))
        found: list[str] = []

        def resolve(host: str, port: int) -> list[str]:
            found.extend(self.resolve(host, port))
            return found

        try:
            addresses = self.policy.addresses(target, resolve)
        except InvalidInput as exc:  # the error does not say which address; the log does
            refused = [a for a in found if self.policy.refusal(a)]
            log.warning("webhook delivery %s: %s (%s)", delivery.id, exc, ", ".join(refused))
            return Outcome(error=str(exc))
        except OSError as exc:
            return Outcome(error=f"{target.host} does not resolve now ({exc})", retry=True)
        body = payload(delivery.id, submission)
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"codejudge-webhooks/{__version__}",
            "Host": target.host_header,
            "X-Codejudge-Event": EVENT,
            "X-Codejudge-Delivery": delivery.id,
            "X-Codejudge-Timestamp": str(timestamp),
            "X-Codejudge-Signature": sign(self._secret_of(submission), timestamp, body),
        }
        try:
            return asyncio.run(self._post(target, addresses, body, headers))
        except asyncio.CancelledError:  # stop() cancelled it before it could say so
            return Outcome(error=STOPPED, retry=True)

    async def _post(
        self, target: Target, addresses: list[str], body: bytes, headers: dict[str, str]
    ) -> Outcome:
        """POST to the first of ``addresses`` that takes a connection, all of it (connect,
        send, status line and headers; the body is not read) within the attempt's deadline:
        at the deadline, or when ``stop`` cancels it, the request is cancelled and its
        connection closed, whatever the receiver is doing."""
        task: asyncio.Task[Outcome] | None = asyncio.current_task()
        assert task is not None
        with self._lock:
            if self._stop.is_set():
                return Outcome(error=STOPPED, retry=True)
            self._requests[task] = asyncio.get_running_loop()
        tried: list[str] = []
        deadline = self.settings.webhook_timeout_seconds
        try:
            async with asyncio.timeout(deadline):
                return await self._post_to_first(target, addresses, body, headers, tried)
        except TimeoutError:
            error = f"timed out after {deadline:g} s"
            return Outcome(error=error, address=tried[-1] if tried else None, retry=True)
        except asyncio.CancelledError:
            if not self._stop.is_set():
                raise
            return Outcome(error=STOPPED, address=tried[-1] if tried else None, retry=True)
        finally:
            with self._lock:
                self._requests.pop(task, None)

    async def _post_to_first(
        self,
        target: Target,
        addresses: list[str],
        body: bytes,
        headers: dict[str, str],
        tried: list[str],
    ) -> Outcome:
        deadline = self.settings.webhook_timeout_seconds
        error = "no address to connect to"
        async with httpx.AsyncClient(
            timeout=deadline,  # per operation; the whole is bounded by the caller
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: it would connect unchecked
            verify=self._ssl,
        ) as client:
            for address in addresses:  # every one checked; the first that answers
                tried.append(address)
                try:
                    async with client.stream(
                        "POST",
                        target.url_for(address),
                        content=body,
                        headers=headers,
                        extensions={"sni_hostname": target.host},  # TLS: the name's certificate
                    ) as response:
                        return _outcome(response, address)
                except httpx.TimeoutException:
                    error = f"timed out after {deadline:g} s"
                    return Outcome(error=error, address=address, retry=True)
                except httpx.ConnectError as exc:  # nothing sent: the next address may answer
                    error = f"could not connect to {address}: {_reason(exc)}"
                    continue
                except httpx.TransportError as exc:  # sent (maybe): not again elsewhere
                    error = f"the connection to {address} failed: {type(exc).__name__}"
                    return Outcome(error=error, address=address, retry=True)
        return Outcome(error=error, retry=True)

    def _secret_of(self, submission: Submission) -> str:
        if submission.owner is not None:
            try:
                return self.store.keys.get(submission.owner).webhook_secret
            except NotFound:
                pass
        return default_secret(self.settings)


async def _connect_refused(ssl_context: ssl.SSLContext) -> None:
    """A request the way an attempt makes one, refused on the loopback (a port bound, not
    listening): nothing is sent (``Dispatcher._warm_up``)."""
    try:
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{closed.getsockname()[1]}/"
            async with httpx.AsyncClient(verify=ssl_context, trust_env=False, timeout=5) as c:
                await c.post(url)
    except Exception:  # refused, as meant (or no loopback: then the first attempt pays)
        pass


def _reason(exc: httpx.ConnectError) -> str:
    """Why a connection failed, in a few words of this host's (the OS's or the TLS
    library's, never the receiver's): ``[Errno 111] Connection refused``."""
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _outcome(response: httpx.Response, address: str) -> Outcome:
    """A receiver's answer as an outcome: 2xx delivered; 5xx, 408, 429 retried; else failed.
    The error says the status code and that code's standard reason, nothing the receiver
    wrote (its body, headers or reason phrase: an allow-listed internal host's answer is not
    the caller's to read)."""
    code = response.status_code
    if 200 <= code < 300:
        return Outcome(status_code=code, address=address)
    status = f"HTTP {code} {httpx.codes.get_reason_phrase(code)}".rstrip()
    if 300 <= code < 400:
        error = f"{status}: a redirect, which is not followed"
        return Outcome(status_code=code, error=error, address=address)
    retry = code >= 500 or code in _RETRY_STATUSES
    return Outcome(code, status, address, retry, _retry_after(response))


def _retry_after(response: httpx.Response) -> float:
    """The ``Retry-After`` seconds of a 429 or 503 (RFC 9110 §10.2.3; an HTTP date is not
    read), capped at an hour; 0 otherwise."""
    value = response.headers.get("retry-after", "")
    if response.status_code not in (429, 503) or not value.isdigit():
        return 0.0
    return min(float(value), 3600.0)


def secret_path(settings: Settings) -> Path:
    """Where ``default_secret`` keeps a generated secret."""
    return settings.data_dir / SECRET_FILE
