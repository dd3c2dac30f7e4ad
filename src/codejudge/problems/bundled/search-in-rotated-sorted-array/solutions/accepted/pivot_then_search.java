class Solution {
    public int search(int[] nums, int target) {
        // Find the index of the minimum (the rotation point), then binary search the sorted
        // view nums[(pivot + k) % n] for k in [0, n).
        int n = nums.length, lo = 0, hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (nums[mid] > nums[hi]) lo = mid + 1;
            else hi = mid;
        }
        int pivot = lo;
        lo = 0;
        hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int real = (mid + pivot) % n;
            if (nums[real] == target) return real;
            if (nums[real] < target) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }
}
