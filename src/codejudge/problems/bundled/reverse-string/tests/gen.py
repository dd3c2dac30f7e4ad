"""Write every reverse-string test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [s], "expected": s reversed}, s an array of characters.
"""

from __future__ import annotations

import json
import random
import string
import sys
from pathlib import Path

SEED = 20240603
MAX_N = 10**5
PRINTABLE = "".join(chr(c) for c in range(32, 127))


def tests(rng: random.Random) -> dict[str, str]:
    cases = {
        "sample-1": "code",
        "sample-2": "racecars",
        "one-char": "x",
        "two-chars": "ab",
        "palindrome": "level",
        "punctuation": 'a "quoted" \\ back slash!',
        "spaces": "  lead and trail  ",
    }
    cases |= {f"random-{k}": _random(rng, rng.randint(3, 50)) for k in range(1, 3)}
    cases["medium-1"] = _random(rng, 1000, string.ascii_letters)
    cases["large-1"] = _random(rng, MAX_N)
    cases["large-2"] = _random(rng, MAX_N - 1, string.ascii_lowercase)
    # Added later, from a stream of their own so that the cases above stay byte for byte the same.
    more = random.Random(SEED + 1)
    cases |= {"digits": "0123456789", "all-same": "zzzzzzz", "even-length": "abcdef"}
    cases |= {f"random-{k}": _random(more, more.randint(3, 50)) for k in range(3, 5)}
    cases["medium-2"] = _random(more, 5000, string.digits + string.punctuation)
    cases["large-3"] = _random(more, MAX_N, string.ascii_letters)
    cases["mixed-case"] = "AbCdEfG"
    return cases


def _random(rng: random.Random, n: int, alphabet: str = PRINTABLE) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, text in tests(random.Random(SEED)).items():
        assert 1 <= len(text) <= MAX_N and set(text) <= set(PRINTABLE), name
        test = {"args": [list(text)], "expected": list(reversed(text))}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
