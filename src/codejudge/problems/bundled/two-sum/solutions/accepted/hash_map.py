class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        # One pass: for each value, look up the complement among the values seen before it.
        seen: Dict[int, int] = {}
        for i, value in enumerate(nums):
            j = seen.get(target - value)
            if j is not None:
                return [j, i]
            seen[value] = i
        return []
