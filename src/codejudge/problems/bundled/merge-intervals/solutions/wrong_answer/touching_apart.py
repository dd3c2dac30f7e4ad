class Solution:
    def merge(self, intervals: List[List[int]]) -> List[List[int]]:
        # Bug: a strict comparison, so touching intervals such as [2, 5] and [5, 6] stay apart.
        merged = []
        for start, end in sorted(intervals):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return merged
