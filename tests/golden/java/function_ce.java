class Solution {
    public ListNode mixed(ListNode head, TreeNode root, int[][] grid, String s, int n) {
        return head.missing;
    }
}
