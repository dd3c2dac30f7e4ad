"""How long boxes take to start: a fact the sandbox reports to whoever listens (the judging
child, which hands it to its supervisor for ``codejudge_sandbox_start_seconds``). The sandbox
imports no metrics library; a process with no listener pays one empty loop per box.

A listener list is process state, set up by the process's entry point (``worker/child.py``)
and never by an import; listeners are called on the thread that started the box.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Listener = Callable[[float], None]

_listeners: list[Listener] = []
_lock = threading.Lock()


def listen(listener: Listener) -> Callable[[], None]:
    """Call ``listener(seconds)`` for every box started from now on; returns the function that
    stops it."""
    with _lock:
        _listeners.append(listener)

    def stop() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return stop


def started(seconds: float) -> None:
    """A box took ``seconds`` to start: from the request (its cgroup created, descriptors and
    sealed files made) until its process was spawned (``BwrapSandbox``). A prepared box counts
    when it is set up, ahead of its run."""
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(seconds)
