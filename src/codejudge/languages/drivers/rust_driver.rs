
// ---- codejudge driver (Rust): tests as JSON lines on stdin, results on the channel fd ----
pub struct Solution;
#[derive(PartialEq, Eq, Clone, Debug)]
pub struct ListNode {
    pub val: i32,
    pub next: Option<Box<ListNode>>,
}
impl ListNode {
    #[inline]
    pub fn new(val: i32) -> Self { ListNode { next: None, val } }
}
#[derive(Debug, PartialEq, Eq)]
pub struct TreeNode {
    pub val: i32,
    pub left: Option<std::rc::Rc<std::cell::RefCell<TreeNode>>>,
    pub right: Option<std::rc::Rc<std::cell::RefCell<TreeNode>>>,
}
impl TreeNode {
    #[inline]
    pub fn new(val: i32) -> Self { TreeNode { val, left: None, right: None } }
}

#[allow(dead_code)]
mod cj {
    use super::{ListNode, TreeNode};
    use std::cell::RefCell;
    use std::rc::Rc;

    pub enum J { Null, Bool(bool), Num(f64, Option<i64>), Str(String), Arr(Vec<J>) }

    pub struct Parser<'a> { pub s: &'a [u8], pub i: usize }
    impl<'a> Parser<'a> {
        fn ws(&mut self) { while self.i < self.s.len() && (self.s[self.i] as char).is_ascii_whitespace() { self.i += 1; } }
        fn hex4(&mut self) -> u32 { let t = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap(); self.i += 4; u32::from_str_radix(t, 16).unwrap() }
        pub fn value(&mut self) -> J {
            self.ws();
            match self.s[self.i] {
                b'[' => { self.i += 1; let mut out = Vec::new(); self.ws();
                    if self.s[self.i] == b']' { self.i += 1; return J::Arr(out); }
                    loop { out.push(self.value()); self.ws(); let c = self.s[self.i]; self.i += 1; if c == b']' { return J::Arr(out); } } }
                b'"' => { self.i += 1; let mut bytes: Vec<u8> = Vec::new();
                    loop { let c = self.s[self.i]; self.i += 1;
                        match c { b'"' => break,
                            b'\\' => { let e = self.s[self.i]; self.i += 1;
                                match e { b'n' => bytes.push(b'\n'), b't' => bytes.push(b'\t'), b'r' => bytes.push(b'\r'),
                                    b'b' => bytes.push(8), b'f' => bytes.push(12),
                                    b'u' => { let mut u = self.hex4();
                                        if (0xD800..0xDC00).contains(&u) && self.s[self.i] == b'\\' { self.i += 2; u = 0x10000 + ((u - 0xD800) << 10) + (self.hex4() - 0xDC00); }
                                        let mut buf = [0u8; 4]; bytes.extend_from_slice(char::from_u32(u).unwrap_or('?').encode_utf8(&mut buf).as_bytes()); }
                                    other => bytes.push(other) } }
                            other => bytes.push(other) } }
                    J::Str(String::from_utf8(bytes).unwrap()) }
                b't' => { self.i += 4; J::Bool(true) }
                b'f' => { self.i += 5; J::Bool(false) }
                b'n' => { self.i += 4; J::Null }
                _ => { let start = self.i;
                    while self.i < self.s.len() && b"+-0123456789.eE".contains(&self.s[self.i]) { self.i += 1; }
                    let t = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                    J::Num(t.parse::<f64>().unwrap(), t.parse::<i64>().ok()) }
            }
        }
    }

    pub trait FromJ: Sized { fn from_j(j: &J) -> Self; }
    fn int(j: &J) -> i64 { match j { J::Num(f, i) => i.unwrap_or(*f as i64), _ => 0 } }
    impl FromJ for i32 { fn from_j(j: &J) -> Self { int(j) as i32 } }
    impl FromJ for i64 { fn from_j(j: &J) -> Self { int(j) } }
    impl FromJ for f64 { fn from_j(j: &J) -> Self { match j { J::Num(f, _) => *f, _ => 0.0 } } }
    impl FromJ for bool { fn from_j(j: &J) -> Self { matches!(j, J::Bool(true)) } }
    impl FromJ for String { fn from_j(j: &J) -> Self { match j { J::Str(s) => s.clone(), _ => String::new() } } }
    impl FromJ for char { fn from_j(j: &J) -> Self { match j { J::Str(s) => s.chars().next().unwrap_or('\0'), _ => '\0' } } }
    fn items(j: &J) -> &[J] { match j { J::Arr(a) => a, _ => &[] } }
    impl<T: FromJ> FromJ for Vec<T> { fn from_j(j: &J) -> Self { items(j).iter().map(T::from_j).collect() } }
    impl FromJ for Option<Box<ListNode>> {
        fn from_j(j: &J) -> Self {
            let mut head = None;
            for v in items(j).iter().rev() { head = Some(Box::new(ListNode { val: int(v) as i32, next: head })); }
            head
        }
    }
    impl FromJ for Option<Rc<RefCell<TreeNode>>> {
        fn from_j(j: &J) -> Self {
            let a = items(j);
            if a.is_empty() || matches!(a[0], J::Null) { return None; }
            let node = |v: &J| Rc::new(RefCell::new(TreeNode::new(int(v) as i32)));
            let root = node(&a[0]);
            let mut queue = vec![root.clone()];
            let (mut h, mut k) = (0, 1);
            while h < queue.len() && k < a.len() {
                let parent = queue[h].clone();
                if k < a.len() && !matches!(a[k], J::Null) { let c = node(&a[k]); parent.borrow_mut().left = Some(c.clone()); queue.push(c); }
                k += 1;
                if k < a.len() && !matches!(a[k], J::Null) { let c = node(&a[k]); parent.borrow_mut().right = Some(c.clone()); queue.push(c); }
                k += 1;
                h += 1;
            }
            Some(root)
        }
    }

    pub trait ToJ { fn to_j(&self, o: &mut String); }
    impl ToJ for i32 { fn to_j(&self, o: &mut String) { o.push_str(&self.to_string()); } }
    impl ToJ for i64 { fn to_j(&self, o: &mut String) { o.push_str(&self.to_string()); } }
    impl ToJ for bool { fn to_j(&self, o: &mut String) { o.push_str(if *self { "true" } else { "false" }); } }
    impl ToJ for f64 { fn to_j(&self, o: &mut String) { if self.is_finite() { o.push_str(&format!("{:?}", self)); } else { o.push_str("null"); } } }
    pub fn string(s: &str, o: &mut String) {
        o.push('"');
        for c in s.chars() {
            match c { '"' => o.push_str("\\\""), '\\' => o.push_str("\\\\"), '\n' => o.push_str("\\n"),
                c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)), c => o.push(c) }
        }
        o.push('"');
    }
    impl ToJ for String { fn to_j(&self, o: &mut String) { string(self, o); } }
    impl ToJ for char { fn to_j(&self, o: &mut String) { string(&self.to_string(), o); } }
    impl<T: ToJ> ToJ for Vec<T> {
        fn to_j(&self, o: &mut String) {
            o.push('[');
            for (k, x) in self.iter().enumerate() { if k > 0 { o.push(','); } x.to_j(o); }
            o.push(']');
        }
    }
    impl ToJ for Option<Box<ListNode>> {
        fn to_j(&self, o: &mut String) {
            let mut vals = Vec::new();
            let mut n = self.as_ref();
            while let Some(node) = n { if vals.len() > 1_000_000 { panic!("the list has a cycle"); } vals.push(node.val); n = node.next.as_ref(); }
            vals.to_j(o);
        }
    }
    impl ToJ for Option<Rc<RefCell<TreeNode>>> {
        fn to_j(&self, o: &mut String) {
            let mut items: Vec<Option<i32>> = Vec::new();
            let mut queue = vec![self.clone()];
            let mut h = 0;
            while h < queue.len() {
                if queue.len() > 2_000_000 { panic!("the tree has a cycle"); }
                match queue[h].clone() {
                    None => items.push(None),
                    Some(n) => { let n = n.borrow(); items.push(Some(n.val)); queue.push(n.left.clone()); queue.push(n.right.clone()); }
                }
                h += 1;
            }
            while let Some(None) = items.last() { items.pop(); }
            o.push('[');
            for (k, x) in items.iter().enumerate() { if k > 0 { o.push(','); } match x { Some(v) => v.to_j(o), None => o.push_str("null") } }
            o.push(']');
        }
    }

    extern "C" {
        fn memfd_create(name: *const u8, flags: u32) -> i32;
        fn dup(fd: i32) -> i32;
        fn dup2(fd: i32, to: i32) -> i32;
        fn open(path: *const u8, flags: i32) -> i32;
        fn clock_gettime(clock: i32, t: *mut [i64; 2]) -> i32;
    }
    fn cpu_ms() -> f64 { let mut t = [0i64; 2]; unsafe { clock_gettime(2, &mut t) }; t[0] as f64 * 1e3 + t[1] as f64 / 1e6 }

    pub fn main(call: fn(&[J]) -> String) {
        use std::io::{BufRead, Read, Seek, Write};
        use std::os::unix::io::FromRawFd;
        let args: Vec<String> = std::env::args().collect();
        let mut channel = unsafe { std::fs::File::from_raw_fd(args[1].parse().unwrap()) };
        let limit: u64 = args[2].parse().unwrap();
        let tests = std::io::BufReader::new(unsafe { std::fs::File::from_raw_fd(dup(0)) });
        let captured = unsafe {
            dup2(open(b"/dev/null\0".as_ptr(), 0), 0);
            let fd = memfd_create(b"stdout\0".as_ptr(), 0);
            dup2(fd, 1);
            std::fs::File::from_raw_fd(fd)
        };
        let last_panic = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let hook_panic = last_panic.clone();
        std::panic::set_hook(Box::new(move |info| { *hook_panic.lock().unwrap() = info.to_string(); }));
        channel.write_all(b"{\"event\":\"loading\"}\n{\"event\":\"ready\"}\n").unwrap();
        for line in tests.lines() {
            let line = line.unwrap();
            let parsed = Parser { s: line.as_bytes(), i: 0 }.value();
            let start = cpu_ms();
            let result = std::panic::catch_unwind(|| call(items(&parsed)));
            let ms = cpu_ms() - start;
            std::io::stdout().flush().ok();
            let size = captured.metadata().map(|m| m.len()).unwrap_or(0);
            let mut printed = String::new();
            if size <= limit { let mut c = &captured; c.seek(std::io::SeekFrom::Start(0)).ok(); let mut raw = Vec::new(); c.read_to_end(&mut raw).ok(); printed = String::from_utf8_lossy(&raw).into_owned(); }
            captured.set_len(0).ok();
            (&captured).seek(std::io::SeekFrom::Start(0)).ok();
            let mut o = String::from("{\"event\":\"result\",\"ms\":");
            o.push_str(&format!("{:.3}", ms));
            match result {
                _ if size > limit => o.push_str(",\"status\":\"output_limit\""),
                Ok(value) => { o.push_str(",\"status\":\"ok\",\"value\":"); o.push_str(&value); }
                Err(_) => { o.push_str(",\"status\":\"exception\",\"type\":\"panic\",\"message\":"); string(&last_panic.lock().unwrap(), &mut o); }
            }
            o.push_str(",\"stdout\":");
            string(&printed, &mut o);
            o.push_str("}\n");
            channel.write_all(o.as_bytes()).unwrap();
        }
    }
}

fn main() { cj::main(cj_call); }
