import sys

# Correct but exponential: for every item, tries packing it and leaving it (up to 2^100 cases;
# it only prunes items that no longer fit).
data = sys.stdin.read().split()
n, capacity = int(data[0]), int(data[1])
items = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(n)]


def pack(i: int, room: int) -> int:
    if i == n:
        return 0
    w, v = items[i]
    skip = pack(i + 1, room)
    if w <= room:
        return max(skip, v + pack(i + 1, room - w))
    return skip


print(pack(0, capacity))
