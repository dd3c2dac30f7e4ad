"""Write every word-break test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [s, wordDict], "expected": true | false}.
"""

from __future__ import annotations

import json
import random
import string
import sys
from pathlib import Path

SEED = 20240618
MAX_S = 300
MAX_WORDS = 1000
MAX_WORD = 20


def breakable(s: str, words: list[str]) -> bool:
    """reach[i]: s[:i] can be cut into words. Spread forward from every reachable position."""
    reach = [False] * (len(s) + 1)
    reach[0] = True
    for i in range(len(s)):
        if reach[i]:
            for word in words:
                if s.startswith(word, i):
                    reach[i + len(word)] = True
    return reach[len(s)]


def word(rng: random.Random, letters: str, lo: int, hi: int) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(lo, hi)))


def dictionary(rng: random.Random, count: int, letters: str, lo: int, hi: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add(word(rng, letters, lo, hi))
    ordered = sorted(words)  # a set's order depends on the string hash seed
    rng.shuffle(ordered)
    return ordered


def joined(rng: random.Random, words: list[str], length: int) -> str:
    """Concatenate random dictionary words up to at most `length` letters."""
    s = ""
    while True:
        nxt = rng.choice(words)
        if len(s) + len(nxt) > length:
            return s or nxt
        s += nxt


def tests(rng: random.Random) -> dict[str, tuple[str, list[str]]]:
    cases: dict[str, tuple[str, list[str]]] = {
        "sample-1": ("sunflowerseed", ["seed", "flower", "sun"]),
        "sample-2": ("catcatdog", ["cat", "dog"]),
        "sample-3": ("bookstore", ["books", "book", "tor"]),
        "single-letter": ("a", ["a"]),
        "single-miss": ("a", ["b"]),
        "whole-word": ("abcdefghijklmnopqrst", ["abcdefghijklmnopqrst"]),
        "longest-first-fails": ("aaaa", ["aaa", "aa"]),
        "leftover": ("applepie", ["apple", "pi"]),
        "word-longer-than-s": ("ab", ["abc", "a"]),
        "overlapping": ("pineapplepenapple", ["apple", "pen", "applepen", "pine", "pineapple"]),
    }
    for k in range(1, 5):
        words = dictionary(rng, rng.randint(1, 6), "ab", 1, 4)
        s = joined(rng, words, rng.randint(1, 20))
        if k % 2 == 0:
            s = s[: rng.randint(1, len(s))] + rng.choice("ab") + s[len(s) // 2 :]
        cases[f"small-{k}"] = (s[:MAX_S], words)
    # Large: strings of a's with one letter that breaks every cut, and dictionaries of runs of
    # a's, so plain recursion tries exponentially many cuts before answering false.
    runs = ["a" * i for i in range(1, 11)]
    cases["large-1"] = ("a" * (MAX_S - 1) + "b", runs)
    cases["large-2"] = ("b" + "a" * (MAX_S - 1), runs)
    cases["large-3"] = ("a" * 150 + "b" + "a" * 149, [*runs, "b"])
    cases["large-4"] = ("a" * MAX_S, ["aa", "aaa", "aaaa"])
    cases["large-5"] = ("a" * (MAX_S - 1), ["aa", "aaaa", "aaaaaa"])  # odd length: false
    words = dictionary(rng, MAX_WORDS, "abc", 1, MAX_WORD)
    cases["large-6"] = (joined(rng, words, MAX_S), words)
    words = dictionary(rng, MAX_WORDS, string.ascii_lowercase, 5, MAX_WORD)
    s = joined(rng, words, MAX_S - 1)
    cases["large-7"] = (s[:100] + "z" + s[100:], words)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (s, words) in tests(random.Random(SEED)).items():
        assert 1 <= len(s) <= MAX_S and 1 <= len(words) <= MAX_WORDS, name
        assert len(set(words)) == len(words) and all(1 <= len(w) <= MAX_WORD for w in words)
        assert all(c in string.ascii_lowercase for c in s + "".join(words)), name
        test = {"args": [s, words], "expected": breakable(s, words)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
