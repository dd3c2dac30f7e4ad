class Solution:
    def search(self, nums: List[int], target: int) -> int:
        # Correct but O(n^2) in the worst case: finds the rotation point by trying every start
        # and walking while the values increase; when the minimum is at the end this walks
        # about n^2 / 2 steps. Then an ordinary binary search.
        n = len(nums)
        pivot = 0
        for start in range(n):
            steps = 0
            while steps < n - 1 and nums[(start + steps) % n] < nums[(start + steps + 1) % n]:
                steps += 1
            if steps == n - 1:
                pivot = start
                break
        lo, hi = 0, n - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            value = nums[(mid + pivot) % n]
            if value == target:
                return (mid + pivot) % n
            if value < target:
                lo = mid + 1
            else:
                hi = mid - 1
        return -1
