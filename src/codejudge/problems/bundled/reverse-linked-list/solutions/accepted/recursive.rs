impl Solution {
    // One call per node (reversing onto an accumulator): at most 5000 deep within the
    // constraints.
    pub fn reverse_list(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        fn go(node: Option<Box<ListNode>>, done: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
            match node {
                None => done,
                Some(mut n) => {
                    let next = n.next.take();
                    n.next = done;
                    go(next, Some(n))
                }
            }
        }
        go(head, None)
    }
}
