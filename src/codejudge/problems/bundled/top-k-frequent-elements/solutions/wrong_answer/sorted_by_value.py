import collections


class Solution:
    def topKFrequent(self, nums: List[int], k: int) -> List[int]:
        # Bug: sorts the (value, count) pairs as tuples, i.e. by value, not by count, so it
        # returns the k largest values.
        counts = collections.Counter(nums)
        ranked = sorted(counts.items(), reverse=True)
        return [value for value, _ in ranked[:k]]
