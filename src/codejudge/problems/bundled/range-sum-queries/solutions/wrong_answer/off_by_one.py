import sys
from itertools import accumulate

# Bug: prefix[r] - prefix[l] leaves out a_l itself (it mixes up 0- and 1-based positions).
data = sys.stdin.read().split()
n, q = int(data[0]), int(data[1])
prefix = [0, *accumulate(map(int, data[2 : 2 + n]))]
bounds = list(map(int, data[2 + n :]))
out = [prefix[r] - prefix[l] for l, r in zip(bounds[::2], bounds[1::2])]
print("\n".join(map(str, out)))
