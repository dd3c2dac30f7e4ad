import sys


def main() -> None:
    data = sys.stdin.read().split()
    n, capacity = int(data[0]), int(data[1])
    items = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(n)]
    items.sort()  # lightest first: the reachable part of the table grows as slowly as it can
    # best[c] = the largest worth within weight c. For each item, the new row is
    # max(best[c], best[c - w] + v), built a whole row at a time with list comprehensions
    # (the old row is read in full before it is replaced, so each item is used at most once).
    best = [0] * (capacity + 1)
    reach = 0  # capacities above the total weight so far hold the same value as `reach`
    for w, v in items:
        if w > capacity:
            continue
        reach = min(capacity, reach + w)
        taken = [x + v for x in best[: reach + 1 - w]]
        best[w : reach + 1] = [a if a > b else b for a, b in zip(best[w : reach + 1], taken)]
        if reach < capacity:
            best[reach + 1 :] = [best[reach]] * (capacity - reach)
    print(best[capacity])


main()
