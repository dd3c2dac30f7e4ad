"""Write every valid-parentheses test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [s], "expected": true or false}.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240611
MAX_N = 10**4  # LeetCode's constraint
PAIRS = {")": "(", "]": "[", "}": "{"}
OPEN = "([{"
CLOSE = {"(": ")", "[": "]", "{": "}"}


def is_valid(s: str) -> bool:
    stack: list[str] = []
    for c in s:
        if c in PAIRS:
            if not stack or stack.pop() != PAIRS[c]:
                return False
        else:
            stack.append(c)
    return not stack


def balanced(rng: random.Random, pairs: int, max_depth: int) -> str:
    """A random properly matched string of `pairs` pairs, never nested deeper than max_depth."""
    out: list[str] = []
    stack: list[str] = []
    left = pairs
    while left or stack:
        if left and len(stack) < max_depth and (not stack or rng.random() < 0.5):
            c = rng.choice(OPEN)
            stack.append(c)
            out.append(c)
            left -= 1
        else:
            out.append(CLOSE[stack.pop()])
    return "".join(out)


def nested(pairs: int, rng: random.Random) -> str:
    """pairs brackets opened, then closed in reverse order: one deep nest."""
    opens = [rng.choice(OPEN) for _ in range(pairs)]
    return "".join(opens) + "".join(CLOSE[c] for c in reversed(opens))


def spoil(rng: random.Random, s: str) -> str:
    """Change one closing bracket into a closing bracket of another kind."""
    i = rng.choice([k for k, c in enumerate(s) if c in PAIRS])
    other = rng.choice([c for c in PAIRS if c != s[i]])
    return s[:i] + other + s[i + 1 :]


def tests(rng: random.Random) -> dict[str, str]:
    cases = {
        "sample-1": "{[]}()",
        "sample-2": "([)]",
        "sample-3": "((",
        "single-open": "[",
        "single-close": "}",
        "one-pair": "()",
        "all-kinds": "()[]{}",
        "wrong-kind": "(]",
        "close-first": ")(",
        "nested-ok": "{[()()]}",
        "extra-close": "(()))",
        "equal-counts-bad-order": "[{]}",
        "count-match-but-crossed": "(([]){)}",
    }
    for k in range(1, 4):
        cases[f"small-ok-{k}"] = balanced(rng, rng.randint(3, 10), 5)
        cases[f"small-bad-{k}"] = spoil(rng, balanced(rng, rng.randint(3, 10), 5))
    cases["medium-ok"] = balanced(rng, 500, 40)
    cases["medium-bad"] = spoil(rng, balanced(rng, 500, 40))
    # Deep nests sink "delete adjacent pairs until nothing changes": one pair goes per round.
    cases["large-nested-ok"] = nested(MAX_N // 2, rng)
    cases["large-nested-bad"] = spoil(rng, nested(MAX_N // 2, rng))
    cases["large-random-ok"] = balanced(rng, MAX_N // 2, MAX_N)
    cases["large-flat-ok"] = balanced(rng, MAX_N // 2, 3)
    unclosed = nested(MAX_N // 2 - 1, rng)
    cases["large-unclosed"] = unclosed[: MAX_N // 2] + "(" + unclosed[MAX_N // 2 :]
    cases["large-odd"] = "(" * (MAX_N // 2) + ")" * (MAX_N // 2 - 1)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, s in tests(random.Random(SEED)).items():
        assert 1 <= len(s) <= MAX_N and set(s) <= set("()[]{}"), name
        test = {"args": [s], "expected": is_valid(s)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
