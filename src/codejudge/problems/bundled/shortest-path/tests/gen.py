"""Write every shortest-path test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.in ("n m", then m lines "u v w") and NAME.ans (the n distances from junction 1
on one line, -1 for unreachable).
"""

from __future__ import annotations

import heapq
import random
import sys
from pathlib import Path

SEED = 20240622
MAX_N = 10**5
MAX_M = 2 * 10**5
MAX_W = 10**9

Edge = tuple[int, int, int]
Case = tuple[int, list[Edge]]


def dijkstra(n: int, edges: list[Edge]) -> list[int]:
    out: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for u, v, w in edges:
        out[u].append((v, w))
    dist = [-1] * (n + 1)
    heap = [(0, 1)]
    while heap:
        d, u = heapq.heappop(heap)
        if dist[u] != -1:
            continue
        dist[u] = d
        for v, w in out[u]:
            if dist[v] == -1:
                heapq.heappush(heap, (d + w, v))
    return dist[1:]


def bellman_ford(n: int, edges: list[Edge]) -> list[int]:
    """An independent check for the small tests."""
    inf = float("inf")
    dist = [inf] * (n + 1)
    dist[1] = 0
    for _ in range(n):
        for u, v, w in edges:
            if dist[u] + w < dist[v]:
                dist[v] = dist[u] + w
    return [int(d) if d != inf else -1 for d in dist[1:]]


def random_graph(rng: random.Random, n: int, m: int, max_w: int) -> list[Edge]:
    return [(rng.randint(1, n), rng.randint(1, n), rng.randint(0, max_w)) for _ in range(m)]


def spanning(rng: random.Random, n: int, m: int, max_w: int) -> list[Edge]:
    """Everything reachable: a random tree out of junction 1, then random extra roads."""
    order = list(range(2, n + 1))
    rng.shuffle(order)
    order = [1, *order]
    edges = [(order[rng.randrange(i)], order[i], rng.randint(1, max_w)) for i in range(1, n)]
    edges += random_graph(rng, n, m - (n - 1), max_w)
    rng.shuffle(edges)
    return edges


def tests(rng: random.Random) -> dict[str, Case]:
    cases: dict[str, Case] = {
        "sample-1": (4, [(1, 2, 7), (1, 3, 2), (3, 2, 3), (2, 4, 1), (3, 4, 9)]),
        "sample-2": (3, [(2, 1, 4)]),
        "single": (1, []),
        "self-loop": (2, [(1, 1, 5), (1, 2, 3), (2, 2, 0)]),
        "parallel-roads": (2, [(1, 2, 9), (1, 2, 4), (1, 2, 6)]),
        "zero-weights": (4, [(1, 2, 0), (2, 3, 0), (3, 4, 0)]),
        "detour-beats-direct": (3, [(1, 3, 10), (1, 2, 1), (2, 3, 1)]),
        "one-way": (3, [(1, 2, 5), (3, 2, 1)]),
        "late-improvement": (5, [(1, 2, 1), (1, 3, 10), (2, 4, 1), (4, 5, 1), (5, 3, 1)]),
    }
    for k in range(1, 5):
        n = rng.randint(2, 10)
        cases[f"small-{k}"] = (n, random_graph(rng, n, rng.randint(0, 3 * n), 20))
    cases["medium-1"] = (1000, spanning(rng, 1000, 5000, 1000))
    cases["medium-2"] = (2000, random_graph(rng, 2000, 3000, MAX_W))
    # Two halves, with one-way roads only from the second (501..1000) into the first (which
    # holds junction 1): the second half is out of reach.
    first = random_graph(rng, 500, 1500, 50)
    second = [(u + 500, v + 500, w) for u, v, w in random_graph(rng, 500, 1500, 50)]
    bridges = [(rng.randint(501, 1000), rng.randint(1, 500), 1) for _ in range(50)]
    halves = first + second + bridges
    rng.shuffle(halves)
    cases["medium-3"] = (1000, halves)
    # Large: most junctions reachable, so scanning all n junctions for the nearest one is
    # ~10^10 steps.
    cases["large-1"] = (MAX_N, spanning(rng, MAX_N, MAX_N + 5000, 100))
    # A chain of maximum-length roads: distances up to ~10^13, beyond 32 bits.
    chain = [(i, i + 1, MAX_W - rng.randint(0, 9)) for i in range(1, 10000)]
    cases["large-2"] = (10000, chain + random_graph(rng, 10000, 5000, MAX_W))
    cases["large-3"] = (20000, random_graph(rng, 20000, 25000, 1000))
    # Dense near junction 1 with many improving paths: punishes marking a junction done when it
    # is first seen rather than when it is taken off the heap.
    ladder = [(i, i + 1, 1) for i in range(1, 2000)] + [(1, i, 10**6) for i in range(2, 2001)]
    cases["large-4"] = (2000, ladder)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (n, edges) in tests(random.Random(SEED)).items():
        assert 1 <= n <= MAX_N and len(edges) <= MAX_M, name
        assert all(1 <= u <= n and 1 <= v <= n and 0 <= w <= MAX_W for u, v, w in edges), name
        dist = dijkstra(n, edges)
        if n <= 50:
            assert dist == bellman_ford(n, edges), name
        lines = [f"{n} {len(edges)}", *(f"{u} {v} {w}" for u, v, w in edges)]
        (out / f"{name}.in").write_text("\n".join(lines) + "\n")
        (out / f"{name}.ans").write_text(" ".join(map(str, dist)) + "\n")


if __name__ == "__main__":
    main()
