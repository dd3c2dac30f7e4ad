"""Write every course-schedule test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [numCourses, prerequisites], "expected": true | false}.
An entry [a, b] means b comes before a.
"""

from __future__ import annotations

import json
import random
import sys
from collections import deque
from itertools import pairwise
from pathlib import Path

SEED = 20240619
MAX_COURSES = 2000
MAX_EDGES = 5000

Case = tuple[int, list[list[int]]]


def can_finish(n: int, prerequisites: list[list[int]]) -> bool:
    """Kahn: repeatedly take a course with no unfinished prerequisite."""
    after: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * n
    for a, b in prerequisites:
        after[b].append(a)
        waiting[a] += 1
    ready = deque(c for c in range(n) if waiting[c] == 0)
    done = 0
    while ready:
        course = ready.popleft()
        done += 1
        for nxt in after[course]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    return done == n


def dag(rng: random.Random, n: int, edges: int) -> list[list[int]]:
    """Random edges that all go forward in a hidden random order of the courses."""
    order = list(range(n))
    rng.shuffle(order)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < edges:
        i, j = sorted(rng.sample(range(n), 2))
        pairs.add((order[j], order[i]))  # order[i] comes before order[j]
    result = [list(p) for p in sorted(pairs)]
    rng.shuffle(result)
    return result


def with_cycle(rng: random.Random, n: int, edges: int, length: int) -> list[list[int]]:
    """A DAG plus one directed cycle of `length` courses."""
    prerequisites = dag(rng, n, edges)
    ring = rng.sample(range(n), length)
    present = {tuple(p) for p in prerequisites}
    for i in range(length):
        pair = (ring[(i + 1) % length], ring[i])
        if pair not in present:
            present.add(pair)
            prerequisites.append(list(pair))
    rng.shuffle(prerequisites)
    return prerequisites


def layered(rng: random.Random, n: int, width: int) -> list[list[int]]:
    """Layers of `width` courses, every course needing every course of the layer before: the
    number of chains grows like width ** layers."""
    label = list(range(n))
    rng.shuffle(label)
    layers = [label[i : i + width] for i in range(0, n, width)]
    prerequisites = [[a, b] for lo, hi in pairwise(layers) for b in lo for a in hi]
    rng.shuffle(prerequisites)
    return prerequisites


def tests(rng: random.Random) -> dict[str, Case]:
    cases: dict[str, Case] = {
        "sample-1": (3, [[1, 0], [2, 1]]),
        "sample-2": (3, [[1, 0], [2, 1], [0, 2]]),
        "sample-3": (4, []),
        "single": (1, []),
        "two-way": (2, [[0, 1], [1, 0]]),
        "diamond": (4, [[1, 0], [2, 0], [3, 1], [3, 2]]),
        "disconnected-cycle": (6, [[1, 0], [2, 1], [4, 3], [5, 4], [3, 5]]),
        "shared-prerequisite": (5, [[1, 0], [2, 0], [3, 0], [4, 0]]),
        "many-prerequisites": (5, [[4, 0], [4, 1], [4, 2], [4, 3]]),
    }
    for k in range(1, 5):
        n = rng.randint(2, 8)
        edges = rng.randint(0, n * (n - 1) // 4)
        cases[f"small-{k}"] = (n, dag(rng, n, edges) if k % 2 else with_cycle(rng, n, edges, 2))
    cases["medium-1"] = (300, dag(rng, 300, 800))
    cases["medium-2"] = (300, with_cycle(rng, 300, 800, 5))
    # Large: a brute-force search over all chains of requirements is exponential on these.
    cases["large-1"] = (MAX_COURSES, layered(rng, MAX_COURSES, 2))
    cases["large-2"] = (MAX_COURSES, dag(rng, MAX_COURSES, MAX_EDGES))
    chain = list(range(MAX_COURSES))
    rng.shuffle(chain)
    cycle = [[chain[(i + 1) % MAX_COURSES], chain[i]] for i in range(MAX_COURSES)]
    cases["large-3"] = (MAX_COURSES, cycle)
    cases["large-4"] = (MAX_COURSES, cycle[:-1])  # one long chain
    cases["large-5"] = (MAX_COURSES, with_cycle(rng, MAX_COURSES, MAX_EDGES - 10, 3))
    layers = layered(rng, MAX_COURSES - 10, 2)
    cases["large-6"] = (MAX_COURSES, [*layers, [1990, 1999], [1999, 1990]])
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (n, prerequisites) in tests(random.Random(SEED)).items():
        assert 1 <= n <= MAX_COURSES and len(prerequisites) <= MAX_EDGES, name
        assert all(0 <= a < n and 0 <= b < n and a != b for a, b in prerequisites), name
        assert len({tuple(p) for p in prerequisites}) == len(prerequisites), name
        test = {"args": [n, prerequisites], "expected": can_finish(n, prerequisites)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
