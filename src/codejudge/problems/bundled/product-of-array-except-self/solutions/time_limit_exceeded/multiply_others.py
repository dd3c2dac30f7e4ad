class Solution:
    def productExceptSelf(self, nums: List[int]) -> List[int]:
        # Correct but O(n^2): multiplies the other n - 1 entries for every position.
        n = len(nums)
        answer = []
        for i in range(n):
            product = 1
            for j in range(n):
                if j != i:
                    product *= nums[j]
            answer.append(product)
        return answer
