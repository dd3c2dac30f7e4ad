"""Write every longest-substring-without-repeating-characters test into this folder (or the
folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [s], "expected": length}.
"""

from __future__ import annotations

import json
import random
import string
import sys
from pathlib import Path

SEED = 20240618
MAX_N = 5 * 10**4
PRINTABLE = "".join(chr(c) for c in range(32, 127))


def longest(s: str) -> int:
    """Sliding window: the window s[start:i + 1] never holds a character twice."""
    last: dict[str, int] = {}
    start = best = 0
    for i, c in enumerate(s):
        if last.get(c, -1) >= start:
            start = last[c] + 1
        last[c] = i
        best = max(best, i - start + 1)
    return best


def brute_force(s: str) -> int:
    n = len(s)
    return max(
        [0] + [j - i for i in range(n) for j in range(i + 1, n + 1) if len(set(s[i:j])) == j - i]
    )


def rand(rng: random.Random, n: int, alphabet: str = PRINTABLE) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def tests(rng: random.Random) -> dict[str, str]:
    cases = {
        "sample-1": "xyzxyzzy",
        "sample-2": "aaaa",
        "sample-3": "dvdfq",
        "empty": "",
        "space": " ",
        "two-same": "bb",
        "abba": "abba",  # the window start must never move backwards
        "window-jump": "tmmzuxt",
        "all-distinct": PRINTABLE,
        "digits-and-symbols": "12!@12#$%^!",
        "spaces-inside": "a b c a",
    }
    for k in range(1, 5):
        cases[f"small-{k}"] = rand(rng, rng.randint(5, 30), "abcdef")
    cases["medium-1"] = rand(rng, 1000, string.ascii_lowercase)
    # Every substring of 5 * 10^4 characters is over 10^9 substrings.
    cases["large-1"] = rand(rng, MAX_N)
    cases["large-2"] = rand(rng, MAX_N, string.ascii_letters + string.digits)
    shuffled = list(PRINTABLE)
    rng.shuffle(shuffled)
    cases["large-3"] = ("".join(shuffled) * (MAX_N // len(PRINTABLE) + 1))[:MAX_N]
    cases["large-4"] = "q" * MAX_N
    cases["large-5"] = rand(rng, MAX_N, "ab")
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, s in tests(random.Random(SEED)).items():
        assert len(s) <= MAX_N and set(s) <= set(PRINTABLE), name
        if len(s) <= 1000:
            assert longest(s) == brute_force(s), name
        test = {"args": [s], "expected": longest(s)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
