class Solution:
    def merge(self, intervals: List[List[int]]) -> List[List[int]]:
        # Correct but at least quadratic: look for any overlapping pair, merge it, start over.
        intervals = [list(interval) for interval in intervals]
        changed = True
        while changed:
            changed = False
            for i in range(len(intervals)):
                for j in range(i + 1, len(intervals)):
                    a, b = intervals[i], intervals[j]
                    if a[0] <= b[1] and b[0] <= a[1]:
                        intervals[i] = [min(a[0], b[0]), max(a[1], b[1])]
                        del intervals[j]
                        changed = True
                        break
                if changed:
                    break
        return sorted(intervals)
