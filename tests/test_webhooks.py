"""The webhook delivery queue and its dispatcher (``codejudge.webhooks``,
``store.deliveries``) against real stores (SQLite, PostgreSQL) and a real local receiver:
a delivery made by the finishing transaction, leases (two dispatchers never send one
twice), fenced results, the SSRF rules applied at delivery time (a name resolving to
127.0.0.1, a name with one public and one loopback address), connecting to the checked
address (no second lookup), the owner key's secret, the generated keyless secret; one
deadline per attempt against a receiver that trickles its answer, ``stop`` not waiting on
such a receiver, and attempt errors that carry no byte the receiver wrote.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from codejudge.models import JudgeResult, NewSubmission, Role, Verdict
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.store.deliveries import Attempt, DeliveryStatus
from codejudge.webhooks import Dispatcher, default_secret, sign
from tests.receiver import Receiver, receiver
from tests.store.conftest import pg_databases, pg_url, url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.timeout(120)
LOOPBACK = '["127.0.0.1/32"]'


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The store's backend (``url`` from tests/store/conftest.py reads it)."""
    return str(request.param)


@pytest.fixture
def store(url: str) -> Iterator[Store]:  # noqa: F811
    with Store(url) as opened:
        yield opened


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as r:
        yield r


def settings(tmp_path: Path, allow: list[str] | None = None, **extra: object) -> Settings:
    values: dict[str, object] = {
        "webhook_secret": "whsec_keyless",
        "webhook_backoff_seconds": 0.2,
        "webhook_poll_seconds": 0.05,
        "webhook_timeout_seconds": 5,
    }
    values.update(extra)
    return Settings(
        data_dir=tmp_path,
        callback_allow=allow if allow is not None else ["127.0.0.1/32"],
        **values,  # type: ignore[arg-type]
    )


def finished(store: Store, callback_url: str | None, owner: str | None = None) -> str:
    """A submission judged and finished (as a worker does), with this webhook."""
    new = NewSubmission("a-plus-b", "python", "print(1)", owner=owner, callback_url=callback_url)
    sub = store.insert(new)
    assert store.start(sub.id, 1)
    assert store.finish(sub.id, 1, JudgeResult(Verdict.ACCEPTED, passed=1, total=1))
    return sub.id


def test_finishing_makes_one_delivery_only_with_a_callback(store: Store) -> None:
    with_hook = finished(store, "http://127.0.0.1:9/hook")
    without = finished(store, None)
    (only,) = store.deliveries.of_submission(with_hook)
    delivery, attempts = only
    assert (delivery.url, delivery.status, attempts) == (
        "http://127.0.0.1:9/hook",
        DeliveryStatus.PENDING,
        [],
    )
    assert store.deliveries.of_submission(without) == []
    # A stale or duplicate finish writes nothing, and makes no second delivery.
    assert not store.finish(with_hook, 1, JudgeResult(Verdict.WRONG_ANSWER))
    assert len(store.deliveries.of_submission(with_hook)) == 1
    # An abandoned one (its dead job deleted by an operator) is finished: its webhook goes.
    queued = store.insert(NewSubmission("a-plus-b", "python", "x", callback_url="http://x.io/"))
    assert store.abandon(queued.id, JudgeResult(Verdict.INTERNAL_ERROR))
    assert [d.url for d, _ in store.deliveries.of_submission(queued.id)] == ["http://x.io/"]


def test_a_claim_is_a_lease_and_the_result_is_fenced(store: Store) -> None:
    sub_id = finished(store, "http://127.0.0.1:9/hook")
    (claimed,) = store.deliveries.claim(10, lease_seconds=0.5)
    assert store.deliveries.claim(10, lease_seconds=0.5) == []  # leased
    time.sleep(0.7)
    (again,) = store.deliveries.claim(10, lease_seconds=30)  # the lease ran out
    assert again.id == claimed.id and again.holder != claimed.holder
    now = datetime.now(UTC)
    attempt = Attempt(at=now, url=claimed.url, duration_ms=3, status_code=200)
    assert not store.deliveries.record(claimed, attempt, DeliveryStatus.DELIVERED)  # stale
    retry = Attempt(now, claimed.url, 5, error="HTTP 503", next_retry_at=now + timedelta(hours=1))
    assert store.deliveries.record(again, retry, DeliveryStatus.PENDING)
    assert store.deliveries.claim(10, 30) == []  # not due for an hour
    ((delivery, attempts),) = store.deliveries.of_submission(sub_id)
    assert delivery.status is DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.next_attempt_at == retry.next_retry_at and attempts == [retry]


def test_a_name_resolving_to_loopback_is_refused_when_sent(
    store: Store, hook: Receiver, tmp_path: Path
) -> None:
    """The default rules (public addresses only): ``localhost`` (stored by a path that does
    not check, such as a key's default URL) is refused at the attempt, for good, and nothing
    reaches the receiver."""
    sub_id = finished(store, hook.url(host="localhost"))
    dispatcher = Dispatcher(settings(tmp_path, ["public"]), store)
    try:
        assert dispatcher.run_once() == 1
    finally:
        dispatcher.stop()
    ((delivery, (attempt,)),) = store.deliveries.of_submission(sub_id)
    assert delivery.status is DeliveryStatus.FAILED
    assert attempt.error is not None and "localhost resolves to a loopback, priv" in attempt.error
    assert "127.0.0.1" not in attempt.error  # a name's address is not the caller's to learn
    assert attempt.status_code is None and attempt.next_retry_at is None
    assert hook.received == []


def test_every_resolved_address_is_checked(store: Store, hook: Receiver, tmp_path: Path) -> None:
    """One public and one loopback address: refused (a resolver may hand out either)."""
    sub_id = finished(store, "http://mixed.example/hook")
    resolve = {"mixed.example": ["93.184.216.34", "127.0.0.1"]}
    dispatcher = Dispatcher(settings(tmp_path, ["public"]), store, lambda h, p: resolve[h])
    try:
        dispatcher.run_once()
    finally:
        dispatcher.stop()
    ((delivery, (attempt,)),) = store.deliveries.of_submission(sub_id)
    assert delivery.status is DeliveryStatus.FAILED
    assert attempt.error is not None and "mixed.example resolves to a loop" in attempt.error
    assert "127.0.0.1" not in attempt.error


def test_the_request_goes_to_the_checked_address(
    store: Store, hook: Receiver, tmp_path: Path
) -> None:
    """The name is resolved once per attempt, by the resolver the rules were checked with,
    and the connection goes to that address with the name in ``Host`` (``hooks.test`` is in
    no DNS: the request can only have reached the receiver through the checked address)."""
    sub_id = finished(store, f"http://hooks.test:{hook.port}/in")
    lookups: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    dispatcher = Dispatcher(settings(tmp_path), store, resolve)
    try:
        dispatcher.run_once()
    finally:
        dispatcher.stop()
    (hit,) = hook.received
    assert hit.headers["host"] == f"hooks.test:{hook.port}" and hit.path == "/in"
    assert lookups == ["hooks.test"]
    ((delivery, (attempt,)),) = store.deliveries.of_submission(sub_id)
    assert delivery.status is DeliveryStatus.DELIVERED and attempt.address == "127.0.0.1"


def test_a_keyed_submission_is_signed_with_its_key_secret(
    store: Store, hook: Receiver, tmp_path: Path
) -> None:
    key = store.keys.create("site", frozenset({Role.SUBMIT, Role.READ}))
    sub_id = finished(store, hook.url(), owner=key.record.id)
    dispatcher = Dispatcher(settings(tmp_path), store)
    try:
        dispatcher.run_once()
    finally:
        dispatcher.stop()
    (hit,) = hook.received
    assert hit.signature_ok(key.webhook_secret) and not hit.signature_ok("whsec_keyless")
    timestamp = int(hit.headers["x-codejudge-timestamp"])
    assert abs(timestamp - time.time()) < 60
    assert hit.headers["x-codejudge-signature"] == sign(key.webhook_secret, timestamp, hit.body)
    assert json.loads(hit.body)["submission"]["id"] == sub_id


def test_two_dispatchers_send_each_delivery_once(
    store: Store,
    hook: Receiver,
    tmp_path: Path,
    url: str,  # noqa: F811
) -> None:
    """Two processes' dispatchers (here two on two connections to one database) polling
    together: every delivery reaches the receiver exactly once."""
    ids = [finished(store, hook.url(f"/{i}")) for i in range(12)]
    with Store(url) as other:
        dispatchers = [Dispatcher(settings(tmp_path), s) for s in (store, other)]
        for d in dispatchers:
            d.start()
        try:
            hook.wait_for(12)
            time.sleep(0.5)  # time for a duplicate to arrive, if there were one
        finally:
            for d in dispatchers:
                d.stop()
    assert sorted(h.path for h in hook.received) == sorted(f"/{i}" for i in range(12))
    for sub_id in ids:
        ((delivery, attempts),) = store.deliveries.of_submission(sub_id)
        assert delivery.status is DeliveryStatus.DELIVERED and len(attempts) == 1


def test_an_unreachable_receiver_is_retried(store: Store, tmp_path: Path) -> None:
    """A refused connection is retried (the attempt names it), after the backoff."""
    with receiver() as gone:
        port = gone.port
    sub_id = finished(store, f"http://127.0.0.1:{port}/")
    dispatcher = Dispatcher(settings(tmp_path), store)
    try:
        dispatcher.run_once()
    finally:
        dispatcher.stop()
    ((delivery, (attempt,)),) = store.deliveries.of_submission(sub_id)
    assert delivery.status is DeliveryStatus.PENDING and attempt.next_retry_at is not None
    assert attempt.error is not None and "could not connect" in attempt.error
    assert timedelta(seconds=0.15) < attempt.next_retry_at - attempt.at < timedelta(seconds=1)


def test_the_keyless_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    """Unset ``CODEJUDGE_WEBHOOK_SECRET``: one secret, written once (mode 0600) into the data
    dir, the same for every process that reads it, even when they race to write it."""
    plain = Settings(data_dir=tmp_path)
    found: list[str] = []
    threads = [threading.Thread(target=lambda: found.append(default_secret(plain))) for _ in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(found)) == 1 and found[0].startswith("whsec_") and len(found[0]) > 40
    path = tmp_path / "webhook-secret"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert default_secret(plain) == found[0] == path.read_text().strip()
    assert default_secret(settings(tmp_path)) == "whsec_keyless"  # the setting wins


# -- receivers that misbehave ------------------------------------------------------------------


@dataclass
class Raw:
    """A raw TCP receiver (``raw_receiver``): when it took a connection, and when the sender
    hung up on it."""

    port: int
    accepted: threading.Event = field(default_factory=threading.Event)
    accepted_at: float = 0.0  # time.monotonic()
    hung_up: threading.Event = field(default_factory=threading.Event)
    hung_up_at: float = 0.0

    def hook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


@contextmanager
def raw_receiver(answer: Callable[[socket.socket, threading.Event], None]) -> Iterator[Raw]:
    """A TCP server on 127.0.0.1 whose connections ``answer(conn, done)`` serves (``done``
    is set when the test ends); whatever it does, it notes when the sender hangs up."""
    server = socket.create_server(("127.0.0.1", 0))
    state = Raw(server.getsockname()[1])
    done = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            state.accepted_at = time.monotonic()
            state.accepted.set()
            try:
                answer(conn, done)
                conn.settimeout(0.05)
                while not done.is_set():  # until the sender closes its end
                    try:
                        if not conn.recv(65536):
                            break
                    except TimeoutError:
                        continue
            except OSError:
                pass
            state.hung_up_at = time.monotonic()
            state.hung_up.set()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        done.set()
        server.close()


def trickle(conn: socket.socket, done: threading.Event) -> None:
    """Answer a header byte every 0.1 s for ever (the sender closing its end stops it): a
    status line and a header that never ends. Read timeouts alone never fire on this."""
    conn.settimeout(0.1)
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000:
        try:
            if not conn.recv(65536):  # the request, then EOF when the sender gives up
                return
        except TimeoutError:
            pass
        if done.is_set():
            return
        conn.sendall(bytes([byte]))


def test_a_trickling_receiver_cannot_outlast_the_deadline(store: Store, tmp_path: Path) -> None:
    """One deadline for the whole attempt (``webhook_timeout_seconds``): a receiver sending
    its headers a byte at a time is cut off then (the connection closed), and the attempt
    is a timeout, retried."""
    with raw_receiver(trickle) as slow:
        sub_id = finished(store, slow.hook_url())
        dispatcher = Dispatcher(settings(tmp_path, webhook_timeout_seconds=1), store)
        try:
            started = time.monotonic()
            assert dispatcher.run_once() == 1
            took = time.monotonic() - started
        finally:
            dispatcher.stop()
        assert slow.hung_up.wait(5)
    assert 1.0 <= took < 3.0, took
    assert slow.hung_up_at - started < 3.0  # the sender hung up at the deadline
    ((delivery, (attempt,)),) = store.deliveries.of_submission(sub_id)
    assert delivery.status is DeliveryStatus.PENDING and attempt.next_retry_at is not None
    assert attempt.error == "timed out after 1 s" and attempt.status_code is None
    assert attempt.address == "127.0.0.1" and 1000 <= attempt.duration_ms < 3000


def test_stop_does_not_wait_for_a_stuck_receiver(store: Store, tmp_path: Path) -> None:
    """``stop`` (SIGTERM) cancels a send under way, however long its deadline: the attempt
    is recorded as interrupted (retried) and the connection closed, promptly."""
    with raw_receiver(trickle) as slow:
        sub_id = finished(store, slow.hook_url())
        dispatcher = Dispatcher(settings(tmp_path, webhook_timeout_seconds=60), store)
        dispatcher.start()
        try:
            assert slow.accepted.wait(30)
            time.sleep(0.3)  # well into the answer's headers
        finally:
            started = time.monotonic()
            dispatcher.stop()
            took = time.monotonic() - started
        assert slow.hung_up.wait(5)
    assert took < 3.0, took
    ((delivery, (attempt,)),) = store.deliveries.of_submission(sub_id)
    assert delivery.status is DeliveryStatus.PENDING and attempt.next_retry_at is not None
    assert attempt.error is not None and "interrupted" in attempt.error
    assert attempt.duration_ms < 5000


def answer_with(data: bytes) -> Callable[[socket.socket, threading.Event], None]:
    def answer(conn: socket.socket, done: threading.Event) -> None:
        conn.settimeout(5)
        conn.recv(65536)  # the request (small: all of it, on loopback)
        conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)

    return answer


SECRET_BODY = b"db_password=hunter2 internal-admin-panel"
LENGTH = b"Content-Length: %d" % len(SECRET_BODY)


@pytest.mark.parametrize(
    ("answer", "error", "status_code", "status"),
    [
        (
            b"HTTP/1.1 503 " + SECRET_BODY + b"\r\n" + LENGTH + b"\r\n\r\n" + SECRET_BODY,
            "HTTP 503 Service Unavailable",
            503,
            DeliveryStatus.PENDING,
        ),
        (
            b"HTTP/1.1 404 Not Found\r\nX-Leak: " + SECRET_BODY + b"\r\n" +
            LENGTH + b"\r\n\r\n" + SECRET_BODY,
            "HTTP 404 Not Found",
            404,
            DeliveryStatus.FAILED,
        ),
        (
            b"HTTP/1.1 302 Found\r\nLocation: http://10.0.0.1/" + SECRET_BODY.replace(b" ", b"")
            + b"\r\nContent-Length: 0\r\n\r\n",
            "HTTP 302 Found: a redirect, which is not followed",
            302,
            DeliveryStatus.FAILED,
        ),
        (
            b"SSH-2.0-OpenSSH_9.6 " + SECRET_BODY + b"\r\n",
            "the connection to 127.0.0.1 failed: RemoteProtocolError",
            None,
            DeliveryStatus.PENDING,
        ),
    ],
)  # fmt: skip
def test_an_attempt_error_holds_nothing_the_receiver_wrote(
    store: Store,
    tmp_path: Path,
    answer: bytes,
    error: str,
    status_code: int | None,
    status: DeliveryStatus,
) -> None:
    """What an attempt records of an answer is its status code and that code's standard
    reason: not its reason phrase, headers (``Location``) or body, nor a non-HTTP service's
    banner (the receiver may be an allow-listed internal host; the caller reads the
    attempts)."""
    with raw_receiver(answer_with(answer)) as raw:
        sub_id = finished(store, raw.hook_url())
        dispatcher = Dispatcher(settings(tmp_path), store)
        try:
            assert dispatcher.run_once() == 1
        finally:
            dispatcher.stop()
    ((delivery, (attempt,)),) = store.deliveries.of_submission(sub_id)
    assert (attempt.error, attempt.status_code, delivery.status) == (error, status_code, status)
