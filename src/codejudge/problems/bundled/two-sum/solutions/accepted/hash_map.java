class Solution {
    public int[] twoSum(int[] nums, int target) {
        // The complement can be up to 2 * 10^9 in size, so it is computed in 64 bits.
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < nums.length; i++) {
            Integer j = seen.get((long) target - nums[i]);
            if (j != null) return new int[] {j, i};
            seen.put((long) nums[i], i);
        }
        return new int[0];
    }
}
