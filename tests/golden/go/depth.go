// Recursion n deep; n < 0: without end.
func walk(n int64) int64 {
	var pad [4]int64
	pad[n%4] = n
	if n == 0 {
		return 0
	}
	r := walk(n - 1)
	return r + 1 + pad[n%4] - n
}

func depth(n int) int {
	if n < 0 {
		return int(walk(1 << 62))
	}
	return int(walk(int64(n)))
}
