import sys

# Bug: fills the one-row table upwards, so best[c - w] may already include the same item and an
# item can be packed many times (sample 1 gives 16: items 1, 1 and 2).
data = sys.stdin.read().split()
n, capacity = int(data[0]), int(data[1])
best = [0] * (capacity + 1)
for i in range(n):
    w, v = int(data[2 + 2 * i]), int(data[3 + 2 * i])
    for c in range(w, capacity + 1):
        if best[c - w] + v > best[c]:
            best[c] = best[c - w] + v
print(best[capacity])
