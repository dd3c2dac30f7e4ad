from collections import Counter
import heapq


class Solution:
    def topKFrequent(self, nums: List[int], k: int) -> List[int]:
        # O(n log k): keep the k most frequent values seen so far in a min-heap.
        counts = Counter(nums)
        return heapq.nlargest(k, counts.keys(), key=counts.get)
