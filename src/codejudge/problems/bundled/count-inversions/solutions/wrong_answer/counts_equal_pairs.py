import sys

# Bug: in the merge, takes the right entry first when the two are equal (`<` instead of `<=`),
# so pairs of equal values are counted as inversions (sample 2 gives 6 instead of 0).
data = sys.stdin.read().split()
n = int(data[0])
a = list(map(int, data[1 : 1 + n]))
inversions = 0
width = 1
while width < n:
    merged_all = []
    for lo in range(0, n, 2 * width):
        left, right = a[lo : lo + width], a[lo + width : lo + 2 * width]
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i] < right[j]:
                merged_all.append(left[i])
                i += 1
            else:
                merged_all.append(right[j])
                j += 1
                inversions += len(left) - i
        merged_all += left[i:] + right[j:]
    a = merged_all
    width *= 2
print(inversions)
