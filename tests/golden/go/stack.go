package main

import "fmt"

// Recursion n deep (Go grows a goroutine's stack by doubling it: 10^6 frames of up to about
// 120 bytes fit under 256 MB); n < 0: without end.
func depth(n int64) int64 {
	var pad [4]int64
	pad[n%4] = n
	if n == 0 {
		return 0
	}
	r := depth(n - 1)
	return r + 1 + pad[n%4] - n
}

func main() {
	var n int64
	fmt.Scan(&n)
	if n < 0 {
		n = 1 << 62
	}
	fmt.Println(depth(n))
}
