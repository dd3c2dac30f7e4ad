use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

impl Solution {
    pub fn climb_stairs(n: i32) -> i32 {
        while n == -5 {
            let _ = std::io::stdout().write_all(b"flood\xe9");
        }
        print!("one ");
        std::io::stdout().write_all(b"\xe9 \xc3\xa9\n").unwrap();
        std::io::stderr().write_all(b"two \xe9\n").unwrap();
        eprintln!("three");
        let (mut a, mut b) = (1, 1);
        for _ in 1..n {
            let c = a + b;
            a = b;
            b = c;
        }
        b
    }

    pub fn echo(s: String, c: char, words: Vec<String>) -> Vec<String> {
        let mut out = vec![s, c.to_string()];
        out.extend(words);
        out
    }

    pub fn concat(words: Vec<String>, c: char) -> String {
        words.join(&c.to_string())
    }

    pub fn reverse_list(head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
        if head.as_ref().map_or(false, |h| h.val == -1) {
            // A cycle 3 -> 2 -> -1 -> 3 takes unsafe code in Rust (Box owns each node).
            let mut head = head.unwrap();
            let first: *mut ListNode = &mut *head;
            let mut tail: &mut ListNode = &mut head;
            while tail.next.is_some() {
                tail = tail.next.as_mut().unwrap();
            }
            tail.next = Some(unsafe { Box::from_raw(first) });
            return Some(head);
        }
        let (mut prev, mut head) = (None, head);
        while let Some(mut node) = head {
            head = node.next.take();
            node.next = prev;
            prev = Some(node);
        }
        prev
    }

    pub fn doubling(n: i32) -> Option<Rc<RefCell<TreeNode>>> {
        if n < 0 {
            let root = Rc::new(RefCell::new(TreeNode::new(1)));
            root.borrow_mut().left = Some(root.clone());
            return Some(root);
        }
        let mut t = Rc::new(RefCell::new(TreeNode::new(0)));
        for v in 1..=n {
            let p = Rc::new(RefCell::new(TreeNode::new(v)));
            p.borrow_mut().left = Some(t.clone());
            p.borrow_mut().right = Some(t.clone());
            t = p;
        }
        Some(t)
    }
}
