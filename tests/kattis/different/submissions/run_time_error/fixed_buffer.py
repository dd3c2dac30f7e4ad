import sys

answers = [0] * 100  # "there are never more than 100 lines"
for i, line in enumerate(sys.stdin):
    a, b = map(int, line.split())
    answers[i] = abs(a - b)
print("\n".join(map(str, answers[: i + 1])))
