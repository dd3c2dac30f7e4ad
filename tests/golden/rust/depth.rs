// Recursion n deep with ~128-byte frames (a DFS's); n < 0: without end.
fn go(n: i64) -> i64 {
    let mut pad = [0i64; 12];
    pad[(n.rem_euclid(12)) as usize] = n;
    let pad = std::hint::black_box(pad);
    if n == 0 {
        return 0;
    }
    let r = go(n - 1);
    r + 1 + pad[(n.rem_euclid(12)) as usize] - n
}

impl Solution {
    pub fn depth(n: i32) -> i32 {
        go(if n < 0 { i64::MAX } else { n as i64 }) as i32
    }
}
