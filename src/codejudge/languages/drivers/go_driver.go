// Function-problem driver for Go: tests as JSON lines on stdin, results on the channel fd.
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"runtime/debug"
	"strconv"
	"syscall"
)

type ListNode struct {
	Val  int
	Next *ListNode
}

type TreeNode struct {
	Val   int
	Left  *TreeNode
	Right *TreeNode
}

type cjOutputLimit struct{}

var cjListType = reflect.TypeOf((*ListNode)(nil))
var cjTreeType = reflect.TypeOf((*TreeNode)(nil))

func cjMust(err error) {
	if err != nil {
		panic(err)
	}
}

// cjDecode turns one JSON argument into a value of type t (LeetCode's conventions: a
// character is a one-letter string, a list a JSON array, a tree its level order with nulls).
func cjDecode(raw json.RawMessage, t reflect.Type) reflect.Value {
	switch {
	case t == cjListType:
		var vals []int
		cjMust(json.Unmarshal(raw, &vals))
		var head *ListNode
		for k := len(vals) - 1; k >= 0; k-- {
			head = &ListNode{vals[k], head}
		}
		return reflect.ValueOf(head)
	case t == cjTreeType:
		var vals []*int
		cjMust(json.Unmarshal(raw, &vals))
		if len(vals) == 0 || vals[0] == nil {
			return reflect.ValueOf((*TreeNode)(nil))
		}
		root := &TreeNode{Val: *vals[0]}
		queue := []*TreeNode{root}
		k := 1
		for h := 0; h < len(queue) && k < len(vals); h++ {
			if k < len(vals) && vals[k] != nil {
				queue[h].Left = &TreeNode{Val: *vals[k]}
				queue = append(queue, queue[h].Left)
			}
			k++
			if k < len(vals) && vals[k] != nil {
				queue[h].Right = &TreeNode{Val: *vals[k]}
				queue = append(queue, queue[h].Right)
			}
			k++
		}
		return reflect.ValueOf(root)
	case t.Kind() == reflect.Uint8:
		var s string
		cjMust(json.Unmarshal(raw, &s))
		return reflect.ValueOf(s[0])
	case t.Kind() == reflect.Slice:
		var items []json.RawMessage
		cjMust(json.Unmarshal(raw, &items))
		out := reflect.MakeSlice(t, len(items), len(items))
		for k, item := range items {
			out.Index(k).Set(cjDecode(item, t.Elem()))
		}
		return out
	}
	v := reflect.New(t)
	cjMust(json.Unmarshal(raw, v.Interface()))
	return v.Elem()
}

func cjArg[T any](raw json.RawMessage) T {
	var zero T
	return cjDecode(raw, reflect.TypeOf(&zero).Elem()).Interface().(T)
}

func cjEncode(v reflect.Value) any {
	switch {
	case v.Type() == cjListType:
		out := []int{}
		for n := v.Interface().(*ListNode); n != nil; n = n.Next {
			if len(out) > 1000000 {
				panic("the list has a cycle")
			}
			out = append(out, n.Val)
		}
		return out
	case v.Type() == cjTreeType:
		out := []any{}
		queue := []*TreeNode{v.Interface().(*TreeNode)}
		for h := 0; h < len(queue); h++ {
			if len(queue) > 2000000 {
				panic("the tree has a cycle")
			}
			if queue[h] == nil {
				out = append(out, nil)
				continue
			}
			out = append(out, queue[h].Val)
			queue = append(queue, queue[h].Left, queue[h].Right)
		}
		for len(out) > 0 && out[len(out)-1] == nil {
			out = out[:len(out)-1]
		}
		return out
	case v.Kind() == reflect.Uint8:
		return string([]byte{byte(v.Uint())})
	case v.Kind() == reflect.Slice:
		out := make([]any, v.Len())
		for k := range out {
			out[k] = cjEncode(v.Index(k))
		}
		return out
	}
	return v.Interface()
}

func cjRun(call func([]json.RawMessage) any, args []json.RawMessage) (msg map[string]any) {
	msg = map[string]any{"status": "ok"}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(cjOutputLimit); ok {
				msg = map[string]any{"status": "output_limit"}
				return
			}
			msg = map[string]any{"status": "exception", "type": "panic", "message": "panic: " + cjString(r) + "\n\n" + string(debug.Stack())}
		}
	}()
	msg["value"] = cjEncode(reflect.ValueOf(call(args)))
	return msg
}

func cjString(r any) string {
	if err, ok := r.(error); ok {
		return err.Error()
	}
	if s, ok := r.(string); ok {
		return s
	}
	data, _ := json.Marshal(r)
	return string(data)
}

func cjCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

func main() {
	fd, _ := strconv.Atoi(os.Args[1])
	limit, _ := strconv.ParseInt(os.Args[2], 10, 64)
	channel := os.NewFile(uintptr(fd), "channel")
	testsFd, _ := syscall.Dup(0)
	tests := bufio.NewReaderSize(os.NewFile(uintptr(testsFd), "tests"), 1<<20)
	devnull, _ := syscall.Open("/dev/null", syscall.O_RDONLY, 0)
	cjMust(syscall.Dup3(devnull, 0, 0))
	captured, err := os.CreateTemp("", "stdout")
	cjMust(err)
	cjMust(syscall.Dup3(int(captured.Fd()), 1, 0))
	send := func(msg map[string]any) {
		data, err := json.Marshal(msg)
		if err != nil {
			msg["value"] = cjString(msg["value"])
			data, _ = json.Marshal(msg)
		}
		channel.Write(append(data, '\n'))
	}
	send(map[string]any{"event": "loading"})
	send(map[string]any{"event": "ready"})
	for {
		line, err := tests.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			return
		}
		var args []json.RawMessage
		cjMust(json.Unmarshal(line, &args))
		start := cjCPU()
		msg := cjRun(cjCall, args)
		msg["ms"] = cjCPU() - start
		info, _ := captured.Stat()
		printed := make([]byte, info.Size())
		captured.ReadAt(printed, 0)
		captured.Truncate(0)
		captured.Seek(0, 0)
		if int64(len(printed)) > limit {
			msg = map[string]any{"status": "output_limit", "ms": msg["ms"]}
			printed = nil
		}
		msg["event"] = "result"
		msg["stdout"] = string(printed)
		send(msg)
	}
}
