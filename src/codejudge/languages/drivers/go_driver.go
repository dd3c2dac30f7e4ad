// Function-problem driver for Go: tests as JSON lines on stdin, results on the channel fd.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
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

// The returned structure has a cycle (a runtime error) / is over the answer limit (output limit).
type cjCycle struct{ why string }
type cjTooLarge struct{ why string }

const cjValueLimit = 64 << 20 // harness.VALUE_LIMIT_BYTES
const cjNodeLimit = 1 << 22   // harness.NODE_LIMIT: list nodes, tree level-order entries

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

// cjAppend appends the JSON of v to out (LeetCode's conventions: a character is a one-letter
// string, a list a JSON array, a tree its level order with nulls), written as it goes and
// stopped at the answer limit: an answer's JSON never takes more memory than the limit.
func cjAppend(out []byte, v reflect.Value) []byte {
	cjCheckSize(out)
	switch {
	case v.Type() == cjListType:
		return cjAppendList(out, v.Interface().(*ListNode))
	case v.Type() == cjTreeType:
		return cjAppendTree(out, v.Interface().(*TreeNode))
	case v.Kind() == reflect.Uint8:
		return cjAppendJSON(out, string([]byte{byte(v.Uint())}))
	case v.Kind() == reflect.Slice:
		out = append(out, '[')
		for k := 0; k < v.Len(); k++ {
			if k > 0 {
				out = append(out, ',')
			}
			out = cjAppend(out, v.Index(k))
		}
		return append(out, ']')
	case v.CanInt():
		return strconv.AppendInt(out, v.Int(), 10)
	case v.Kind() == reflect.Bool:
		return strconv.AppendBool(out, v.Bool())
	}
	return cjAppendJSON(out, v.Interface())
}

// cjAppendJSON appends encoding/json's spelling of a leaf (a string, a double); a value it
// cannot encode (NaN, an infinity) is null, as in the other drivers.
func cjAppendJSON(out []byte, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		return append(out, "null"...)
	}
	return append(out, data...)
}

func cjCheckSize(out []byte) {
	if len(out) > cjValueLimit {
		panic(cjTooLarge{"the answer's JSON is over the 64 MiB answer limit"})
	}
}

func cjAppendList(out []byte, n *ListNode) []byte {
	out = append(out, '[')
	slow := n // Floyd: slow moves every other step
	for k := 1; n != nil; k++ {
		if k > 1 {
			out = append(out, ',')
		}
		out = strconv.AppendInt(out, int64(n.Val), 10)
		n = n.Next
		if k%2 == 0 {
			slow = slow.Next
		}
		if n != nil && n == slow {
			panic(cjCycle{"the returned linked list has a cycle"})
		}
		if k > cjNodeLimit {
			panic(cjTooLarge{"the returned list has over 4194304 nodes, the answer limit"})
		}
		cjCheckSize(out)
	}
	return append(out, ']')
}

func cjAppendTree(out []byte, root *TreeNode) []byte {
	// A shared node (a DAG) is allowed; a cycle is found exactly each time the queue
	// doubles past 2^18 entries (LeetCode-sized trees never pay for the walk).
	out = append(out, '[')
	end := len(out) // after the last node that is not null: trailing nulls are left out
	queue, check := []*TreeNode{root}, 1<<18
	for h := 0; h < len(queue); h++ {
		if len(queue) > check {
			check *= 2
			if cjTreeCycle(root) {
				panic(cjCycle{"the returned tree has a cycle"})
			}
			if len(queue) > cjNodeLimit {
				panic(cjTooLarge{"the returned tree has over 4194304 level-order entries, the answer limit"})
			}
		}
		if h > 0 {
			out = append(out, ',')
		}
		if queue[h] == nil {
			out = append(out, "null"...)
			continue
		}
		out = strconv.AppendInt(out, int64(queue[h].Val), 10)
		end = len(out)
		queue = append(queue, queue[h].Left, queue[h].Right)
		cjCheckSize(out)
	}
	return append(out[:end], ']')
}

// cjTreeCycle: is some node below itself? (iterative, any depth)
func cjTreeCycle(root *TreeNode) bool {
	type item struct {
		t       *TreeNode
		leaving bool
	}
	state := map[*TreeNode]int8{} // 1 on the path, 2 left
	stack := []item{{root, false}}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if top.t == nil {
			continue
		}
		if top.leaving {
			state[top.t] = 2
			continue
		}
		switch state[top.t] {
		case 1:
			return true
		case 2:
			continue
		}
		state[top.t] = 1
		stack = append(stack, item{top.t, true}, item{top.t.Left, false}, item{top.t.Right, false})
	}
	return false
}

func cjRun(call func([]json.RawMessage) any, args []json.RawMessage) (msg map[string]any) {
	msg = map[string]any{"status": "ok"}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(cjOutputLimit); ok {
				msg = map[string]any{"status": "output_limit"}
				return
			}
			if e, ok := r.(cjTooLarge); ok {
				msg = map[string]any{"status": "too_large", "message": e.why}
				return
			}
			if e, ok := r.(cjCycle); ok {
				msg = map[string]any{"status": "exception", "type": "cycle", "message": e.why}
				return
			}
			msg = map[string]any{"status": "exception", "type": "panic", "message": cjPanicMessage(r)}
		}
	}()
	data := cjAppend(nil, reflect.ValueOf(call(args)))
	cjCheckSize(data)
	msg["value"] = json.RawMessage(data)
	return msg
}

// cjPanicMessage is what Go prints for an uncaught panic, with the submission's frames only:
// from where it panicked up to the driver's call (the runtime's frames left out, as Go's own
// traceback does). Called from the deferred recover, below the panicking frames.
func cjPanicMessage(r any) string {
	pcs := make([]uintptr, 256)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	var b strings.Builder
	b.WriteString("panic: " + cjString(r) + "\n\ngoroutine 1 [running]:\n")
	panicked, shown := false, 0
	for more := true; more && shown < 40; {
		var f runtime.Frame
		f, more = frames.Next()
		switch {
		case !panicked: // the recovery's own frames, up to the panic
			panicked = f.Function == "runtime.gopanic"
		case strings.HasSuffix(f.File, "driver.go"): // the driver's call of the submission
			more = false
		case !strings.HasPrefix(f.Function, "runtime."):
			b.WriteString(f.Function + "(...)\n\t" + f.File + ":" + strconv.Itoa(f.Line) + "\n")
			shown++
		}
	}
	return b.String()
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
	// fd 1 and fd 2 share one capture file: fmt.Print, os.Stdout.Write, os.Stderr, println
	// all land there, never on the channel; read back (and emptied) after each test.
	// Go's fatal errors (a goroutine stack past its maximum) still reach the box's own stderr,
	// where the host looks for them, once fd 2 is the capture.
	if saved, err := syscall.Dup(2); err == nil {
		cjMust(debug.SetCrashOutput(os.NewFile(uintptr(saved), "stderr"), debug.CrashOptions{}))
	}
	cjMust(syscall.Dup3(int(captured.Fd()), 1, 0))
	cjMust(syscall.Dup3(int(captured.Fd()), 2, 0))
	var sending sync.Mutex
	send := func(msg map[string]any) {
		// The answer (JSON already, up to the answer limit) is spliced in, not copied again.
		value, _ := msg["value"].(json.RawMessage)
		delete(msg, "value")
		data, _ := json.Marshal(msg)
		sending.Lock()
		if value != nil {
			channel.Write(append(data[:len(data)-1], `,"value":`...))
			channel.Write(value)
			channel.Write([]byte("}\n"))
		} else {
			channel.Write(append(data, '\n'))
		}
		sending.Unlock()
	}
	// The box's RLIMIT_FSIZE is one byte over the output limit, but a Go program ignores the
	// SIGXFSZ that brings (its writes fail and it prints on): a test whose capture file passes
	// the limit is ended from here, checked every 10 ms.
	var running atomic.Bool
	go func() {
		for {
			time.Sleep(10 * time.Millisecond)
			if info, err := captured.Stat(); err == nil && running.Load() && info.Size() > limit {
				sending.Lock()
				if running.Load() {
					channel.Write([]byte(`{"event":"result","status":"output_limit","stdout_b64":"","ms":0}` + "\n"))
					os.Exit(0)
				}
				sending.Unlock()
			}
		}
	}()
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
		running.Store(true)
		msg := cjRun(cjCall, args)
		sending.Lock()
		running.Store(false)
		sending.Unlock()
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
		msg["stdout_b64"] = base64.StdEncoding.EncodeToString(printed)
		send(msg)
	}
}
