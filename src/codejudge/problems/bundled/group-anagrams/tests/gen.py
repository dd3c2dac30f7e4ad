"""Write every group-anagrams test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [strs], "expected": groups}; the groups are listed in order of
first appearance, each in input order (the problem's checker ignores both orders).
"""

from __future__ import annotations

import json
import random
import string
import sys
from collections import Counter
from pathlib import Path

SEED = 20240620
MAX_N = 10**4
MAX_LEN = 100


def group(strs: list[str]) -> list[list[str]]:
    """Group by letter counts (a 26-entry signature, not a sorted copy)."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for word in strs:
        counts = Counter(word)
        key = tuple(counts[c] for c in string.ascii_lowercase)
        groups.setdefault(key, []).append(word)
    return list(groups.values())


def word(rng: random.Random, length: int, alphabet: str = string.ascii_lowercase) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def shuffled(rng: random.Random, text: str) -> str:
    letters = list(text)
    rng.shuffle(letters)
    return "".join(letters)


def families(
    rng: random.Random, n: int, bases: int, length: int | tuple[int, int], alphabet: str
) -> list[str]:
    """n words, each a shuffle of one of `bases` random base words."""
    roots = [
        word(rng, rng.randint(*length) if isinstance(length, tuple) else length, alphabet)
        for _ in range(bases)
    ]
    return [shuffled(rng, rng.choice(roots)) for _ in range(n)]


def tests(rng: random.Random) -> dict[str, list[str]]:
    cases = {
        "sample-1": ["stop", "pots", "tab", "opts", "bat", "cat"],
        "sample-2": ["aab", "abb", "bab", "aba"],
        "sample-3": [""],
        "single-letter": ["z"],
        "empties": ["", "", "a", ""],
        "duplicates": ["abc", "abc", "cba", "xyz"],
        "same-letters-other-counts": ["ab", "aab", "abb", "ba", "bba"],
        "all-alone": ["ab", "cd", "ef", "gh"],
        "all-one-group": ["listen", "silent", "enlist", "tinsel", "inlets"],
        "lengths-differ": ["a", "aa", "aaa", "aa", "a"],
    }
    for k in range(1, 5):
        cases[f"small-{k}"] = families(rng, rng.randint(5, 20), rng.randint(2, 5), (1, 4), "abc")
    cases["medium-1"] = families(rng, 1000, 200, (1, 12), "abcdefg")
    # Nearly every word is its own group: scanning the groups for each word is ~n^2 / 2.
    cases["large-1"] = [word(rng, rng.randint(6, 10)) for _ in range(MAX_N)]
    cases["large-2"] = families(rng, 3000, 60, MAX_LEN, "abcdefghij")
    cases["large-3"] = families(rng, MAX_N, 2000, (1, 8), "abcdef")
    cases["large-4"] = [word(rng, rng.randint(0, 2), "ab") for _ in range(MAX_N)]
    cases["large-5"] = families(rng, 5000, 2500, (3, 12), string.ascii_lowercase)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, strs in tests(random.Random(SEED)).items():
        assert 1 <= len(strs) <= MAX_N, name
        assert all(len(w) <= MAX_LEN and set(w) <= set(string.ascii_lowercase) for w in strs), name
        groups = group(strs)
        assert sorted(w for g in groups for w in g) == sorted(strs), name
        test = {"args": [strs], "expected": groups}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
