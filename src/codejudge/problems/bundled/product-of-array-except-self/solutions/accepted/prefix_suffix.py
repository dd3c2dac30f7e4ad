class Solution:
    def productExceptSelf(self, nums: List[int]) -> List[int]:
        # answer[i] = (product of everything left of i) * (product of everything right of i).
        n = len(nums)
        answer = [1] * n
        left = 1
        for i in range(n):
            answer[i] = left
            left *= nums[i]
        right = 1
        for i in range(n - 1, -1, -1):
            answer[i] *= right
            right *= nums[i]
        return answer
