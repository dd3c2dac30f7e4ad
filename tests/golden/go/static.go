package main

import "fmt"

// 192 MiB of initialised static data: the compiled program is that big.
const n = 192 << 20

var t = [n]byte{1, 1, 1, 1}

func main() {
	sum := 0
	for i := 0; i < n; i += 4096 {
		t[i] = 1
		sum += int(t[i])
	}
	fmt.Println(sum)
}
