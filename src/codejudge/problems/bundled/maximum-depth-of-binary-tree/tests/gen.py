"""Write every maximum-depth-of-binary-tree test into this folder (or the folder given as the
first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [root], "expected": depth}; a tree is written as LeetCode's
level-order array with null for missing children.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

SEED = 20240614
MAX_N = 10**4
MAX_DEPTH = 500  # of the random trees; LeetCode bounds only the node count
LIMIT = 100


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


def depth_of(level_order: list[int | None]) -> int:
    """The depth, computed from the array alone (independently of Tree.depth)."""
    if not level_order:
        return 0
    depth, level, i = 0, 1, 1  # level: how many nodes the current level holds
    while level:
        depth += 1
        children = level_order[i : i + 2 * level]
        i += 2 * level
        level = sum(v is not None for v in children)
    return depth


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
    sample_2.add(2, sample_2.add(1), "right")
    cases["sample-2"] = sample_2
    cases["sample-3"] = Tree()
    cases["single"] = path(rng, 1, small)
    cases["left-only"] = path(rng, 6, small, "l")
    cases["right-only"] = path(rng, 6, small, "r")
    cases["zigzag"] = path(rng, 9, small)
    cases["complete-7"] = complete(7, small)
    cases["complete-8"] = complete(8, small)
    # The deepest leaf is on the right, behind a shallow left subtree.
    right_heavy = complete(3, small)
    node = 2
    for _ in range(4):
        node = right_heavy.add(small(), node, "left")
    cases["deep-right-subtree"] = right_heavy
    for k in range(1, 5):
        cases[f"small-{k}"] = grow(rng, Tree(), rng.randint(2, 15), 10, small)
    cases["medium-1"] = grow(rng, Tree(), 1000, MAX_DEPTH, small)
    cases["medium-path"] = path(rng, 200, small)
    # Random trees are ~30 levels deep: enough to sink a solution that recurses twice per child.
    cases["large-1"] = grow(rng, Tree(), MAX_N, MAX_DEPTH, small)
    cases["large-2"] = complete(MAX_N, small)
    cases["large-3"] = grow(rng, path(rng, MAX_DEPTH - 20, small), MAX_N, MAX_DEPTH, small)
    cases["large-4"] = grow(rng, path(rng, MAX_DEPTH, small), MAX_N, MAX_DEPTH, small)
    # A path of every node LeetCode allows: 10^4 nested calls for a recursive solution.
    cases["skewed-left"] = path(rng, MAX_N, small, "l")
    cases["skewed-right"] = path(rng, MAX_N, small, "r")
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, tree in tests(random.Random(SEED)).items():
        root = tree.level_order()
        depth = depth_of(root)
        assert depth == max(tree.depth, default=0) <= MAX_N, name
        assert len(tree.vals) <= MAX_N and all(abs(v) <= LIMIT for v in tree.vals), name
        test = {"args": [root], "expected": depth}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
