class Solution:
    def trap(self, height: List[int]) -> int:
        # Bug: from each wall, fills up to it only if a column at least as tall appears later;
        # otherwise it gives up on that wall and the water held by a shorter right wall is lost
        # (height = [4, 2, 3] gives 0 instead of 1).
        total = 0
        i, n = 0, len(height)
        while i < n:
            j = i + 1
            while j < n and height[j] < height[i]:
                j += 1
            if j < n:
                total += sum(height[i] - height[k] for k in range(i + 1, j))
                i = j
            else:
                i += 1
        return total
