class Solution:
    def merge(self, intervals: List[List[int]]) -> List[List[int]]:
        # Bug: takes the new interval's end instead of the larger end, so an interval contained
        # in the previous one cuts it short ([[1, 10], [2, 3]] gives [[1, 3]]).
        merged = []
        for start, end in sorted(intervals):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        return merged
