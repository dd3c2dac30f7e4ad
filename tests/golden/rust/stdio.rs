use std::io::Read;

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let v: Vec<i64> = input.split_whitespace().map(|x| x.parse().unwrap()).collect();
    if v[0] == -1 {
        panic!("a is -1");
    }
    while v[0] == -2 {}
    println!("{}", v[0] + v[1]);
}
