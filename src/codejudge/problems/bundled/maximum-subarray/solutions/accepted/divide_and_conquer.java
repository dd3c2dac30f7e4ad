class Solution {
    public int maxSubArray(int[] nums) {
        return solve(nums, 0, nums.length - 1);
    }

    // O(n log n): the best stretch lies in the left half, the right half, or crosses the middle.
    private int solve(int[] nums, int lo, int hi) {
        if (lo == hi) return nums[lo];
        int mid = (lo + hi) >>> 1;
        int left = solve(nums, lo, mid), right = solve(nums, mid + 1, hi);
        int sum = 0, bestLeft = Integer.MIN_VALUE;
        for (int i = mid; i >= lo; i--) {
            sum += nums[i];
            bestLeft = Math.max(bestLeft, sum);
        }
        sum = 0;
        int bestRight = Integer.MIN_VALUE;
        for (int i = mid + 1; i <= hi; i++) {
            sum += nums[i];
            bestRight = Math.max(bestRight, sum);
        }
        return Math.max(Math.max(left, right), bestLeft + bestRight);
    }
}
