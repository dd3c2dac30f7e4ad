"""Write every number-of-islands test into this folder (or the folder given as the first
argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [grid], "expected": islands}, grid a list of rows of "0"/"1".
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240621
MAX_SIDE = 300

Grid = list[list[str]]


def islands(grid: Grid) -> int:
    """Union-find over the land cells (a different method from the solutions' searches)."""
    m, n = len(grid), len(grid[0])
    parent = list(range(m * n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    land = 0
    for r in range(m):
        for c in range(n):
            if grid[r][c] != "1":
                continue
            land += 1
            for rr, cc in ((r - 1, c), (r, c - 1)):
                if rr >= 0 and cc >= 0 and grid[rr][cc] == "1":
                    a, b = find(r * n + c), find(rr * n + cc)
                    if a != b:
                        parent[a] = b
                        land -= 1
    return land


def parse(rows: list[str]) -> Grid:
    return [list(row) for row in rows]


def rand(rng: random.Random, m: int, n: int, p: float) -> Grid:
    return [["1" if rng.random() < p else "0" for _ in range(n)] for _ in range(m)]


def snake(m: int, n: int) -> Grid:
    """One island winding through the whole grid: land rows joined at alternating ends."""
    grid = [["0"] * n for _ in range(m)]
    for r in range(m):
        if r % 2 == 0:
            grid[r] = ["1"] * n
        else:
            grid[r][n - 1 if r % 4 == 1 else 0] = "1"
    return grid


def tests(rng: random.Random) -> dict[str, Grid]:
    cases = {
        "sample-1": parse(["1100", "1001", "0011"]),
        "sample-2": parse(["00", "00"]),
        "sample-3": parse(["101", "111"]),
        "one-land": parse(["1"]),
        "one-water": parse(["0"]),
        "row": parse(["1101011100"]),
        "column": parse(["1", "0", "1", "1", "0", "1"]),
        "diagonal": parse(["100", "010", "001"]),
        "ring-with-lake": parse(["11111", "10001", "10101", "10001", "11111"]),
        "comb": parse(["10101", "10101", "11111"]),
    }
    for k in range(1, 5):
        cases[f"small-{k}"] = rand(rng, rng.randint(2, 8), rng.randint(2, 8), 0.5)
    cases["medium-1"] = rand(rng, 50, 60, 0.55)
    # Lots of land: a visited list that is scanned on every lookup costs ~10^10 steps.
    cases["large-1"] = rand(rng, MAX_SIDE, MAX_SIDE, 0.6)
    cases["large-2"] = [["1"] * MAX_SIDE for _ in range(MAX_SIDE)]
    cases["large-3"] = [
        ["1" if (r + c) % 2 else "0" for c in range(MAX_SIDE)] for r in range(MAX_SIDE)
    ]
    cases["large-4"] = snake(MAX_SIDE, MAX_SIDE)
    cases["large-5"] = rand(rng, 200, MAX_SIDE, 0.4)
    cases["large-6"] = rand(rng, MAX_SIDE, 1, 0.7)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, grid in tests(random.Random(SEED)).items():
        assert 1 <= len(grid) <= MAX_SIDE and 1 <= len(grid[0]) <= MAX_SIDE, name
        assert all(len(row) == len(grid[0]) and set(row) <= {"0", "1"} for row in grid), name
        test = {"args": [grid], "expected": islands(grid)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
