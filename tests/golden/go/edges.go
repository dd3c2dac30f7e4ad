import (
	"fmt"
	"os"
	"strings"
)

func climbStairs(n int) int {
	for n == -5 { // past every buffer
		os.Stderr.Write([]byte("flood\xe9"))
	}
	fmt.Println("one \xe9 \xc3\xa9")
	os.Stdout.Write([]byte("two \xe9\n"))
	fmt.Fprintln(os.Stderr, "three")
	a, b := 1, 1
	for i := 1; i < n; i++ {
		a, b = b, a+b
	}
	return b
}

func echo(s string, c byte, words []string) []string {
	return append([]string{s, string([]byte{c})}, words...)
}

func reverseList(head *ListNode) *ListNode {
	if head != nil && head.Val == -1 { // a cycle: 3 -> 2 -> -1 -> 3
		tail := head
		for tail.Next != nil {
			tail = tail.Next
		}
		tail.Next = head
		return head
	}
	var prev *ListNode
	for head != nil {
		head.Next, prev, head = prev, head, head.Next
	}
	return prev
}

func doubling(n int) *TreeNode {
	if n < 0 {
		root := &TreeNode{Val: 1}
		root.Left = root
		return root
	}
	t := &TreeNode{}
	for v := 1; v <= n; v++ {
		t = &TreeNode{v, t, t}
	}
	return t
}

func concat(words []string, c byte) string {
	return strings.Join(words, string([]byte{c}))
}
