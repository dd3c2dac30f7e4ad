"""Write every binary-tree-level-order-traversal test into this folder (or the folder given as
the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [root], "expected": levels}; a tree is written as LeetCode's
level-order array with null for missing children.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

SEED = 20240615
MAX_N = 2000  # LeetCode's constraint
MAX_DEPTH = MAX_N  # a path of every node is allowed
LIMIT = 1000


class Tree:
    """A binary tree as parallel arrays; node 0 is the root."""

    def __init__(self) -> None:
        self.vals: list[int] = []
        self.left: list[int] = []
        self.right: list[int] = []
        self.depth: list[int] = []

    def add(self, val: int, parent: int = -1, side: str = "left") -> int:
        node = len(self.vals)
        self.vals.append(val)
        self.left.append(-1)
        self.right.append(-1)
        self.depth.append(1 if parent < 0 else self.depth[parent] + 1)
        if parent >= 0:
            getattr(self, side)[parent] = node
        return node

    def level_order(self) -> list[int | None]:
        """LeetCode's array: breadth first, null for a missing child, trailing nulls dropped."""
        if not self.vals:
            return []
        out: list[int | None] = []
        queue = [0]
        for node in queue:
            if node < 0:
                out.append(None)
                continue
            out.append(self.vals[node])
            queue += [self.left[node], self.right[node]]
        while out[-1] is None:
            out.pop()
        return out

    def levels(self) -> list[list[int]]:
        """The values level by level, each level left to right."""
        if not self.vals:
            return []
        result: list[list[int]] = []
        level = [0]
        while level:
            result.append([self.vals[v] for v in level])
            level = [c for v in level for c in (self.left[v], self.right[v]) if c >= 0]
        return result


def grow(rng: random.Random, tree: Tree, n: int, max_depth: int, values: Callable[[], int]) -> Tree:
    """Add nodes at uniformly random free child slots until the tree has n nodes."""
    if not tree.vals and n:
        tree.add(values())
    slots = [
        (v, side)
        for v in range(len(tree.vals))
        for side in ("left", "right")
        if getattr(tree, side)[v] < 0 and tree.depth[v] < max_depth
    ]
    while len(tree.vals) < n:
        i = rng.randrange(len(slots))
        slots[i], slots[-1] = slots[-1], slots[i]
        parent, side = slots.pop()
        node = tree.add(values(), parent, side)
        if tree.depth[node] < max_depth:
            slots += [(node, "left"), (node, "right")]
    return tree


def path(rng: random.Random, n: int, values: Callable[[], int], sides: str = "lr") -> Tree:
    """A single path of n nodes; each step goes to a child on a side drawn from `sides`."""
    tree = Tree()
    node = -1
    for _ in range(n):
        node = tree.add(values(), node, "left" if rng.choice(sides) == "l" else "right")
    return tree


def complete(n: int, values: Callable[[], int]) -> Tree:
    tree = Tree()
    for i in range(n):
        tree.add(values(), (i - 1) // 2, "left" if i % 2 else "right")
    return tree


def levels_of(level_order: list[int | None]) -> list[list[int]]:
    """The levels, computed from the array alone (independently of Tree.levels)."""
    result: list[list[int]] = []
    i, width = 0, 1  # width: how many array entries the next level takes
    while i < len(level_order):
        row = level_order[i : i + width]
        i += width
        values = [v for v in row if v is not None]
        if not values:
            break
        result.append(values)
        width = 2 * len(values)
    return result


def tests(rng: random.Random) -> dict[str, Tree]:
    def small() -> int:
        return rng.randint(-LIMIT, LIMIT)

    cases: dict[str, Tree] = {}
    sample_1 = Tree()
    sample_1.add(3)
    sample_1.add(9, 0, "left")
    twenty = sample_1.add(20, 0, "right")
    sample_1.add(15, twenty, "left")
    sample_1.add(7, twenty, "right")
    cases["sample-1"] = sample_1
    sample_2 = Tree()
    four = sample_2.add(4, sample_2.add(5), "left")
    sample_2.add(1, four, "left")
    sample_2.add(8, four, "right")
    cases["sample-2"] = sample_2
    cases["sample-3"] = Tree()
    cases["single"] = path(rng, 1, small)
    cases["left-only"] = path(rng, 5, small, "l")
    cases["right-only"] = path(rng, 5, small, "r")
    cases["zigzag"] = path(rng, 8, small)
    cases["complete-6"] = complete(6, small)
    cases["complete-15"] = complete(15, small)
    for k in range(1, 6):
        cases[f"small-{k}"] = grow(rng, Tree(), rng.randint(3, 20), 8, small)
    cases["medium-1"] = grow(rng, Tree(), 1000, 60, small)
    # Deep and big: walking the whole tree once per level costs about 10^5 * 500 steps.
    cases["large-1"] = grow(rng, path(rng, MAX_N // 2, small), MAX_N, MAX_DEPTH, small)
    cases["large-2"] = complete(MAX_N, small)
    cases["large-3"] = grow(rng, Tree(), MAX_N, MAX_DEPTH, small)
    cases["large-4"] = grow(rng, path(rng, MAX_N - 100, small), MAX_N, MAX_DEPTH, small)
    cases["skewed-left"] = path(rng, MAX_DEPTH, small, "l")
    cases["skewed-zigzag"] = path(rng, MAX_DEPTH, small)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, tree in tests(random.Random(SEED)).items():
        root = tree.level_order()
        levels = levels_of(root)
        assert levels == tree.levels() and len(levels) <= MAX_DEPTH, name
        assert len(tree.vals) <= MAX_N and all(abs(v) <= LIMIT for v in tree.vals), name
        test = {"args": [root], "expected": levels}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
