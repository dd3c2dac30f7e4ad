class Solution:
    def findMedianSortedArrays(self, nums1: List[int], nums2: List[int]) -> float:
        # Bug: averages the two middle values with integer division, so 2.5 becomes 2.
        merged = sorted(nums1 + nums2)
        k = len(merged)
        if k % 2:
            return merged[k // 2]
        return (merged[k // 2 - 1] + merged[k // 2]) // 2
