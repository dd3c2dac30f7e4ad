use std::io::stdin;

fn main() {
    let mut name = String::new();
    stdin().read_line(&mut name).unwrap();
    let name = name.trim_end_matches('\n');
    println!("Hello, {}!", name);
}
