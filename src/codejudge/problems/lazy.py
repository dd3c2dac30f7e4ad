"""A problem's tests read on first use, and the bounded cache that holds what was read.

The API serves a problem's statement and samples; only judging needs every test (tens of
megabytes for the bundled set). So a served problem knows how many tests it has and holds its
samples, and reads the rest when something iterates or indexes its tests.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from codejudge.models import ProblemTests, TestCase

Read = Callable[[], tuple[TestCase, ...]]


class TestCache:
    """The full tests of at most ``keep`` problems, the least recently used dropped first.
    Thread-safe: the API reads problems from its thread pool."""

    __test__ = False  # not a pytest test class, despite its name

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self._held: OrderedDict[LazyTests, tuple[TestCase, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, owner: LazyTests, read: Read) -> tuple[TestCase, ...]:
        with self._lock:
            tests = self._held.get(owner)
            if tests is not None:
                self._held.move_to_end(owner)
                return tests
        # Read outside the lock: a large problem must not hold up the others. Two threads
        # asking at once may both read it; the tests are the same.
        tests = read()
        with self._lock:
            self._held[owner] = tests
            self._held.move_to_end(owner)
            while len(self._held) > self.keep:
                self._held.popitem(last=False)
        return tests

    def __len__(self) -> int:
        return len(self._held)

    def __contains__(self, owner: object) -> bool:
        return owner in self._held


class LazyTests(ProblemTests):
    """``count`` tests, of which ``samples`` come first and are already read; the others are
    read by ``read`` when first iterated or indexed, and kept in ``cache``. A broken hidden
    test raises ``ProblemFormatError`` then, as ``load_problem`` would have."""

    __slots__ = ("_cache", "_count", "_read", "_samples")

    def __init__(
        self, count: int, samples: tuple[TestCase, ...], read: Read, cache: TestCache
    ) -> None:
        self._count = count
        self._samples = samples
        self._read = read
        self._cache = cache

    @property
    def samples(self) -> tuple[TestCase, ...]:
        return self._samples

    @property
    def loaded(self) -> bool:
        """Whether the full tests are in memory now (for tests and diagnostics)."""
        return self in self._cache

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> TestCase: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[TestCase]: ...

    def __getitem__(self, index: int | slice) -> TestCase | Sequence[TestCase]:
        return self._all()[index]

    def __iter__(self) -> Iterator[TestCase]:
        return iter(self._all())

    def __repr__(self) -> str:
        return f"LazyTests({self._count} tests, {len(self._samples)} samples)"

    def _all(self) -> tuple[TestCase, ...]:
        return self._cache.get(self, self._read)
