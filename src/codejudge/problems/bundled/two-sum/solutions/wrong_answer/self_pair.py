class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        # Bug: records the value before looking for its complement, so a value that is half of
        # target pairs with itself (nums = [3, 2, 4], target = 6 gives [0, 0]).
        seen = {}
        for i, value in enumerate(nums):
            seen[value] = i
            if target - value in seen:
                return [seen[target - value], i]
        return []
