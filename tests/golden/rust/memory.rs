use std::io::Read;
// Allocates and touches the MiB it reads.
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let mib: usize = s.trim().parse().unwrap();
    let v = vec![1u8; mib << 20];
    let sum: usize = v.iter().step_by(4096).map(|&b| b as usize).sum();
    println!("{}", if sum == mib << 8 { mib as i64 } else { -1 });
}
