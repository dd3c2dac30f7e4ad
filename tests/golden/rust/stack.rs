use std::io::Read;
// Recursion n deep with ~128-byte frames (a DFS's); n < 0: without end.
fn depth(n: i64) -> i64 {
    let mut pad = [0i64; 12];
    pad[(n.rem_euclid(12)) as usize] = n;
    let pad = std::hint::black_box(pad);
    if n == 0 {
        return 0;
    }
    let r = depth(n - 1);
    r + 1 + pad[(n.rem_euclid(12)) as usize] - n
}
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let n: i64 = s.trim().parse().unwrap();
    println!("{}", depth(if n < 0 { i64::MAX } else { n }));
}
