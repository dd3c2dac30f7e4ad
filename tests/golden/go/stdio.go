package main

import "fmt"

func main() {
	var a, b int64
	fmt.Scan(&a, &b)
	if a == -1 {
		var m map[string]int
		m["x"] = 1
	}
	for a == -2 {
	}
	fmt.Println(a + b)
}
