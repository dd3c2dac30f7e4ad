class Solution:
    def trap(self, height: List[int]) -> int:
        # Two pointers: the side with the lower wall so far is limited by that wall alone,
        # because the other side already has something at least as tall.
        lo, hi = 0, len(height) - 1
        left_max = right_max = total = 0
        while lo < hi:
            if height[lo] < height[hi]:
                left_max = max(left_max, height[lo])
                total += left_max - height[lo]
                lo += 1
            else:
                right_max = max(right_max, height[hi])
                total += right_max - height[hi]
                hi -= 1
        return total
