use std::cell::RefCell;
use std::rc::Rc;

fn tree_sum(t: &Option<Rc<RefCell<TreeNode>>>) -> i32 {
    match t {
        None => 0,
        Some(n) => { let n = n.borrow(); n.val + tree_sum(&n.left) + tree_sum(&n.right) }
    }
}

impl Solution {
    pub fn mixed(head: Option<Box<ListNode>>, root: Option<Rc<RefCell<TreeNode>>>, grid: Vec<Vec<i32>>, s: String, n: i32) -> Option<Box<ListNode>> {
        if n == -1 {
            let v: Vec<i32> = Vec::new();
            return Some(Box::new(ListNode::new(v[5])));
        }
        while n == -2 {}
        let mut list_sum = 0;
        let mut node = head.as_ref();
        while let Some(x) = node { list_sum += x.val; node = x.next.as_ref(); }
        let grid_sum: i32 = grid.iter().flatten().sum();
        println!("debug {}", s);
        let mut result = None;
        for v in [list_sum, tree_sum(&root), grid_sum, s.len() as i32, n].iter().rev() {
            result = Some(Box::new(ListNode { val: *v, next: result }));
        }
        result
    }
}
