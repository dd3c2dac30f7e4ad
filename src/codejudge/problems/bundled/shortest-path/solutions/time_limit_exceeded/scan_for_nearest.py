import sys

# Correct but O(n^2): textbook Dijkstra without a heap, scanning every junction to find the
# nearest unfinished one (~10^10 steps when 10^5 junctions are reachable).
data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
out = [[] for _ in range(n + 1)]
for k in range(m):
    u, v, w = int(data[2 + 3 * k]), int(data[3 + 3 * k]), int(data[4 + 3 * k])
    out[u].append((v, w))
INF = float("inf")
dist = [INF] * (n + 1)
done = [False] * (n + 1)
dist[1] = 0
for _ in range(n):
    u, best = -1, INF
    for i in range(1, n + 1):
        if not done[i] and dist[i] < best:
            u, best = i, dist[i]
    if u == -1:
        break
    done[u] = True
    for v, w in out[u]:
        if best + w < dist[v]:
            dist[v] = best + w
print(" ".join(str(d) if d != INF else "-1" for d in dist[1:]))
