func treeSum(t *TreeNode) int {
	if t == nil {
		return 0
	}
	return t.Val + treeSum(t.Left) + treeSum(t.Right)
}

func mixed(head *ListNode, root *TreeNode, grid [][]int, s string, n int) *ListNode {
	if n == -1 {
		panic("n is -1")
	}
	for n == -2 {
	}
	listSum, gridSum := 0, 0
	for ; head != nil; head = head.Next {
		listSum += head.Val
	}
	for _, row := range grid {
		for _, x := range row {
			gridSum += x
		}
	}
	fmt.Println("debug", s)
	out := []int{listSum, treeSum(root), gridSum, len(s), n}
	var result *ListNode
	for k := len(out) - 1; k >= 0; k-- {
		result = &ListNode{Val: out[k], Next: result}
	}
	return result
}
