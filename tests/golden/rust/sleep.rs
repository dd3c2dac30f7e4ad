// Sleeps past the wall-clock limit with almost no CPU time: time_limit_exceeded (wall time).
use std::io::Read;

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let n: Vec<i64> = input.split_whitespace().map(|x| x.parse().unwrap()).collect();
    std::thread::sleep(std::time::Duration::from_millis(1800));
    println!("{}", n[0] + n[1]);
}
