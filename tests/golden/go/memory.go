package main

import "fmt"

// Allocates and touches the MiB it reads.
func main() {
	var mib int
	fmt.Scan(&mib)
	v := make([]byte, mib<<20)
	for i := range v {
		v[i] = 1
	}
	sum := 0
	for i := 0; i < len(v); i += 4096 {
		sum += int(v[i])
	}
	if sum == mib<<8 {
		fmt.Println(mib)
	} else {
		fmt.Println(-1)
	}
}
