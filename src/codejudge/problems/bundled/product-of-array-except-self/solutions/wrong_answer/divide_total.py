class Solution:
    def productExceptSelf(self, nums: List[int]) -> List[int]:
        # Bug: divides the total product by each entry and answers 0 at a zero, but when there
        # is exactly one zero, its own position should get the product of all the others.
        total = 1
        for value in nums:
            total *= value
        return [total // value if value else 0 for value in nums]
