import sys
from heapq import heappop, heappush

# Bug: fixes a junction's distance the first time it is reached, not when it is taken off the
# heap, so a longer road found first wins over a shorter detour found later.
data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
out = [[] for _ in range(n + 1)]
for k in range(m):
    u, v, w = int(data[2 + 3 * k]), int(data[3 + 3 * k]), int(data[4 + 3 * k])
    out[u].append((v, w))
dist = [-1] * (n + 1)
dist[1] = 0
heap = [(0, 1)]
while heap:
    d, u = heappop(heap)
    for v, w in out[u]:
        if dist[v] == -1:
            dist[v] = d + w
            heappush(heap, (d + w, v))
print(" ".join(map(str, dist[1:])))
