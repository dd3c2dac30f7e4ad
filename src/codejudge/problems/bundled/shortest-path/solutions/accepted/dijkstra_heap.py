import sys
from heapq import heappop, heappush


def main() -> None:
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    out = [[] for _ in range(n + 1)]
    for k in range(m):
        u, v, w = int(data[2 + 3 * k]), int(data[3 + 3 * k]), int(data[4 + 3 * k])
        out[u].append((v, w))
    dist = [-1] * (n + 1)
    heap = [(0, 1)]
    # Lazy deletion: a junction may sit in the heap several times; only its first pop counts.
    while heap:
        d, u = heappop(heap)
        if dist[u] != -1:
            continue
        dist[u] = d
        for v, w in out[u]:
            if dist[v] == -1:
                heappush(heap, (d + w, v))
    sys.stdout.write(" ".join(map(str, dist[1:])) + "\n")


main()
