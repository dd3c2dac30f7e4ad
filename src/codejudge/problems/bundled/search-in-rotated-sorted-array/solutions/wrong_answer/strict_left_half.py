class Solution:
    def search(self, nums: List[int], target: int) -> int:
        # Bug: tests the left half with `<` instead of `<=`; when lo == mid the one-entry left
        # half is wrongly taken as unsorted, and the search goes the wrong way
        # (nums = [3, 1], target = 1 gives -1).
        lo, hi = 0, len(nums) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            if nums[mid] == target:
                return mid
            if nums[lo] < nums[mid]:
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
