class Solution {
    int treeSum(TreeNode t) { return t == null ? 0 : t.val + treeSum(t.left) + treeSum(t.right); }

    public ListNode mixed(ListNode head, TreeNode root, int[][] grid, String s, int n) {
        if (n == -1) throw new ArrayIndexOutOfBoundsException(n);
        while (n == -2) { }
        int listSum = 0, gridSum = 0;
        for (; head != null; head = head.next) listSum += head.val;
        for (int[] row : grid) for (int x : row) gridSum += x;
        System.out.println("debug " + s);
        int[] out = {listSum, treeSum(root), gridSum, s.length(), n};
        ListNode result = null;
        for (int k = out.length - 1; k >= 0; k--) result = new ListNode(out[k], result);
        return result;
    }
}
