// Sleeps past the wall-clock limit with almost no CPU time: time_limit_exceeded (wall time).
package main

import (
	"fmt"
	"time"
)

func main() {
	var a, b int64
	fmt.Scan(&a, &b)
	time.Sleep(1800 * time.Millisecond)
	fmt.Println(a + b)
}
