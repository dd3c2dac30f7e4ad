impl Solution {
    pub fn mixed(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        head.missing
    }
}
