class Solution:
    def topKFrequent(self, nums: List[int], k: int) -> List[int]:
        # Correct but O(k * d) for d distinct values: scans every remaining count to pick the
        # most frequent one, k times over (~10^8 key calls on the largest tests).
        counts = {}
        for value in nums:
            counts[value] = counts.get(value, 0) + 1
        answer = []
        for _ in range(k):
            best = max(counts, key=counts.get)
            answer.append(best)
            del counts[best]
        return answer
