class Solution:
    def search(self, nums: List[int], target: int) -> int:
        # One binary search: at every step at least one half [lo, mid] or [mid, hi] is sorted,
        # and we can tell whether target lies inside it.
        lo, hi = 0, len(nums) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            if nums[mid] == target:
                return mid
            if nums[lo] <= nums[mid]:
                if nums[lo] <= target < nums[mid]:
                    hi = mid - 1
                else:
                    lo = mid + 1
            else:
                if nums[mid] < target <= nums[hi]:
                    lo = mid + 1
                else:
                    hi = mid - 1
        return -1
