class Solution:
    def containsDuplicate(self, nums: List[int]) -> bool:
        # Bug: forgets to sort first, so only repeats that happen to be adjacent are found
        # ([4, 1, 7, 4] gives false).
        for i in range(1, len(nums)):
            if nums[i] == nums[i - 1]:
                return True
        return False
