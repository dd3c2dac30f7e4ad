func mixed(head *ListNode, root *TreeNode, grid [][]int, s string, n int) *ListNode {
	return head.Missing
}
