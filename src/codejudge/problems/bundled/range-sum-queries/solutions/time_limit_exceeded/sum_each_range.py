import sys

# Correct but O(n) per question: adds up every range afresh (~10^10 additions on large-1).
data = sys.stdin.read().split()
n, q = int(data[0]), int(data[1])
a = list(map(int, data[2 : 2 + n]))
bounds = list(map(int, data[2 + n :]))
out = [sum(a[l - 1 : r]) for l, r in zip(bounds[::2], bounds[1::2])]
print("\n".join(map(str, out)))
