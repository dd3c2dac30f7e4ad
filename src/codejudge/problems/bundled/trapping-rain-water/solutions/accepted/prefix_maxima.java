class Solution {
    public int trap(int[] height) {
        int n = height.length;
        int[] right = new int[n + 1];
        for (int i = n - 1; i >= 0; i--) right[i] = Math.max(right[i + 1], height[i]);
        int total = 0, left = 0;
        for (int i = 0; i < n; i++) {
            left = Math.max(left, height[i]);
            total += Math.min(left, right[i]) - height[i];
        }
        return total;
    }
}
