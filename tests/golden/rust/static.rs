// 192 MiB of initialised static data: the compiled program is that big.
const N: usize = 192 << 20;
static mut T: [u8; N] = [1; N];
fn main() {
    let mut sum = 0usize;
    let t = unsafe { &mut *std::ptr::addr_of_mut!(T) };
    for i in (0..N).step_by(4096) {
        t[i] = 1;
        sum += t[i] as usize;
    }
    println!("{}", sum);
}
