class Solution:
    def findMedianSortedArrays(self, nums1: List[int], nums2: List[int]) -> float:
        # Correct but O((m + n)^2): removes the smallest remaining value, found by a fresh
        # search each time, until it reaches the middle.
        values = nums1 + nums2
        k = len(values)
        for _ in range((k - 1) // 2):
            values.remove(min(values))
        low = min(values)
        if k % 2:
            return float(low)
        values.remove(low)
        return (low + min(values)) / 2
