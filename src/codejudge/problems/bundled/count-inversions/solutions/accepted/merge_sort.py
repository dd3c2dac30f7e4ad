import sys


def main() -> None:
    data = sys.stdin.read().split()
    n = int(data[0])
    a = list(map(int, data[1 : 1 + n]))
    # Bottom-up merge sort. When an entry of the right run is taken before the rest of the left
    # run, it is smaller than every one of those: that many inversions at once.
    inversions = 0
    width = 1
    while width < n:
        merged_all = []
        for lo in range(0, n, 2 * width):
            left = a[lo : lo + width]
            right = a[lo + width : lo + 2 * width]
            if not right or left[-1] <= right[0]:
                merged_all += left
                merged_all += right
                continue
            i = j = 0
            nl, nr = len(left), len(right)
            merged = []
            append = merged.append
            while i < nl and j < nr:
                if left[i] <= right[j]:
                    append(left[i])
                    i += 1
                else:
                    append(right[j])
                    j += 1
                    inversions += nl - i
            merged += left[i:]
            merged += right[j:]
            merged_all += merged
        a = merged_all
        width *= 2
    print(inversions)


main()
