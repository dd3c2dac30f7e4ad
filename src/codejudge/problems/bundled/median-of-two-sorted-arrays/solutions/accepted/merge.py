class Solution:
    def findMedianSortedArrays(self, nums1: List[int], nums2: List[int]) -> float:
        # Linear: merge just far enough to reach the middle.
        total = len(nums1) + len(nums2)
        i = j = 0
        prev = curr = 0
        for _ in range(total // 2 + 1):
            prev = curr
            if j >= len(nums2) or (i < len(nums1) and nums1[i] <= nums2[j]):
                curr = nums1[i]
                i += 1
            else:
                curr = nums2[j]
                j += 1
        return float(curr) if total % 2 else (prev + curr) / 2
