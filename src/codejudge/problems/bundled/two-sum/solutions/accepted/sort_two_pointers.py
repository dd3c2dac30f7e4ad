from typing import List


class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        # O(n log n): sort the positions by value and close in from both ends.
        order = sorted(range(len(nums)), key=nums.__getitem__)
        lo, hi = 0, len(order) - 1
        while lo < hi:
            total = nums[order[lo]] + nums[order[hi]]
            if total == target:
                return [order[hi], order[lo]]  # any order is accepted
            if total < target:
                lo += 1
            else:
                hi -= 1
        return []
