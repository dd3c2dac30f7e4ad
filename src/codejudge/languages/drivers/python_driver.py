"""Function-problem driver for Python, run in the box as ``driver.py CHANNEL_FD SPEC SOURCE``.

It runs beside the submission, so the host trusts it with nothing: it receives one test's
arguments at a time on stdin (the next only after answering), never the expected values, and
answers with one JSON line per test on the channel descriptor. Anything the submission prints,
through any API (descriptors 1 and 2 are one in-memory file), is captured per test and returned
as that test's raw bytes (``stdout_b64``); it cannot reach the channel.
"""

import base64
import contextlib
import errno
import io
import json
import os
import re
import resource
import sys
import time
import traceback
from collections import deque as _deque

_TRACEBACK_FRAMES = 40  # of an exception's traceback shown: the innermost (the message is capped)

# Held before the submission runs, so rebinding these names in user code changes nothing here.
_write, _process_time, _dumps, _b64 = os.write, time.process_time, json.dumps, base64.b64encode

# LeetCode's implicit imports: a solution written there runs here unchanged (its Python 3
# environment star-imports these modules; doocs/leetcode solutions use e.g. bare `reduce(xor,
# nums)`, `SortedList`, `inf`, `ascii_lowercase`, `cache`).
PRELUDE = """
from typing import *
from collections import *
from heapq import *
from bisect import *
from itertools import *
from functools import *
from math import *
from string import *
from operator import *
import array, bisect, collections, copy, datetime, functools, heapq, itertools, math, operator
import random, re, statistics, string, sys, typing
try:
    from sortedcontainers import SortedList, SortedDict, SortedSet, SortedKeyList
except ImportError:
    pass
"""

# A returned value whose JSON is longer than this is not judged: the answer is over the answer
# limit, output_limit_exceeded naming it (harness.VALUE_LIMIT_BYTES; the same in every driver).
VALUE_LIMIT = 64 << 20
# Likewise a returned list of more nodes, or a tree of more level-order entries (nulls too):
# harness.NODE_LIMIT, far above LeetCode's constraints (10^5).
NODE_LIMIT = 1 << 22


class OutputLimit(BaseException):
    """Raised from a write when a test's output is over the limit. A BaseException so that the
    submission's own ``except Exception`` cannot swallow it."""


class TooLarge(BaseException):
    """The answer is over the answer limit (VALUE_LIMIT of JSON, NODE_LIMIT nodes): not judged,
    output_limit_exceeded. A BaseException, like OutputLimit."""


class CycleError(Exception):
    """The returned list or tree has a cycle: a runtime error of the submission."""


class Capture(io.RawIOBase):
    """The bytes under sys.stdout and sys.stderr (and their ``.buffer``): kept until the test
    ends or 64 KiB are pending, then written to descriptor 1, the capture file that fd 1 and
    fd 2 share, so that raw ``os.write(1, ...)`` lands in the same place, in order."""

    def __init__(self):
        self.pending, self.size, self.limit = bytearray(), 0, 0

    def reset(self, limit):
        self.pending.clear()
        self.size, self.limit = 0, limit

    def writable(self):
        return True

    def fileno(self):  # os.write(sys.stdout.fileno(), ...) lands in the same capture file
        return 1

    def write(self, data):
        with memoryview(data) as view:
            n = view.nbytes
            self.size += n
            if self.size > self.limit:
                self.pending.clear()
                raise OutputLimit
            self.pending += view.cast("B")
        if len(self.pending) >= 1 << 16:
            self.flush()
        return n

    def flush(self):
        data = memoryview(bytes(self.pending))
        self.pending.clear()
        while data:
            data = data[_write(1, data) :]


# -- types: each LeetCode type name maps to (JSON -> Python, Python -> JSON) -------------------


def _int_out(v):
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        raise TypeError(f"expected an integer, got {type(v).__name__}")
    return v


def _bool_out(v):
    if isinstance(v, bool) or v in (0, 1):
        return bool(v)
    raise TypeError(f"expected a boolean, got {type(v).__name__}")


def _float_out(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"expected a number, got {type(v).__name__}")
    return float(v)


def _str_out(v):
    if not isinstance(v, str):
        raise TypeError(f"expected a string, got {type(v).__name__}")
    return v


class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right


def _list_in(values):
    head = None
    for v in reversed(values):
        head = ListNode(v, head)
    return head


def _list_out(node):
    """Values of a list; a cycle is found exactly (Floyd: ``slow`` moves every other step)."""
    values, slow = [], node
    while node is not None:
        values.append(_int_out(node.val))
        node = node.next
        if len(values) % 2 == 0:
            slow = slow.next
        if node is not None and node is slow:
            raise CycleError("the returned linked list has a cycle")
        if len(values) > NODE_LIMIT:
            raise TooLarge(f"the returned list has over {NODE_LIMIT} nodes, the answer limit")
    return values


def _tree_in(values):
    """LeetCode's level order with nulls: [1,null,2,3]."""
    if not values or values[0] is None:
        return None
    nodes = [TreeNode(values[0])]
    root, queue, i = nodes[0], [nodes[0]], 1
    for parent in queue:
        for side in ("left", "right"):
            if i < len(values) and values[i] is not None:
                child = TreeNode(values[i])
                setattr(parent, side, child)
                queue.append(child)
            i += 1
        if i >= len(values):
            break
    return root


def _tree_out(root):
    """LeetCode's level order. A node may be shared (a DAG, as in "all possible full binary
    trees"); only a node below itself is a cycle, decided exactly (by a walk whose cost is at
    most the output's so far) each time the output doubles past 2^18 entries: LeetCode-sized
    trees (up to 10^5 nodes, 2*10^5+1 entries) never pay for it."""
    values, queue, check = [], [root], 1 << 18
    for node in queue:
        if node is None:
            values.append(None)
            continue
        values.append(_int_out(node.val))
        queue += (node.left, node.right)
        if len(queue) > check:
            check *= 2
            if _tree_has_cycle(root):
                raise CycleError("the returned tree has a cycle")
            if len(queue) > NODE_LIMIT:
                raise TooLarge(
                    f"the returned tree has over {NODE_LIMIT} level-order entries, the answer limit"
                )
    while values and values[-1] is None:
        values.pop()
    return values


def _tree_has_cycle(root):
    """True if some node is its own descendant (depth-first, iterative: any depth)."""
    state, stack = {}, [(root, False)]  # id -> 1 while on the path, 2 once left
    while stack:
        node, leaving = stack.pop()
        if node is None:
            continue
        if leaving:
            state[id(node)] = 2
            continue
        seen = state.get(id(node))
        if seen == 1:
            return True
        if seen is None:
            state[id(node)] = 1
            stack += ((node, True), (node.left, False), (node.right, False))
    return False


def _limit():
    return f"{VALUE_LIMIT // (1024 * 1024)} MiB"


TYPES = {
    "ListNode": (_list_in, _list_out),
    "TreeNode": (_tree_in, _tree_out),
    "integer": (int, _int_out),
    "long": (int, _int_out),
    "double": (float, _float_out),
    "boolean": (bool, _bool_out),
    "string": (str, _str_out),
    "character": (str, _str_out),
}


def converters(type_spec):
    """(from_json, to_json) for a type as the host parsed it (harness.wire_type): its base type
    and how many sequences wrap it, ``{"leaf": "integer", "depth": 2}`` for ``integer[][]``."""
    item_in, item_out = TYPES[type_spec["leaf"]]
    for _ in range(type_spec["depth"]):
        item_in, item_out = _sequence(item_in, item_out)
    return item_in, item_out


def _sequence(item_in, item_out):
    """(from_json, to_json) for a sequence of the items ``item_in``/``item_out`` convert."""

    def list_out(v):
        if isinstance(v, (str, bytes, dict)) or not hasattr(v, "__iter__"):
            raise TypeError(f"expected a list, got {type(v).__name__}")
        return [item_out(x) for x in v]

    return (lambda v: [item_in(x) for x in v]), list_out


# -- protocol ----------------------------------------------------------------------------------


def send(channel, **message):
    """One line on the channel: ASCII JSON (a lone surrogate in a string stays escaped)."""
    line = _dumps(message, separators=(",", ":"))
    data = memoryview((line + "\n").encode("ascii"))
    while data:
        data = data[_write(channel, data) :]


def user_traceback(exc):
    """The traceback without this driver's frames: the user wants their own lines."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    # The innermost frames only: formatting all of a 10^6-deep RecursionError takes a minute,
    # and even traceback's own limit=-N computes every frame's source position (seconds of CPU
    # for 10^6 frames, charged to the test). Walking the chain costs a pointer per frame.
    innermost = _deque(maxlen=_TRACEBACK_FRAMES)
    while tb is not None:
        innermost.append(tb)
        tb = tb.tb_next
    start = innermost[0] if innermost else None
    return "".join(traceback.format_exception(type(exc), exc, start, limit=_TRACEBACK_FRAMES))


def snake_case(name):
    """topKFrequent -> top_k_frequent, lengthOfLIS -> length_of_lis (spelling.snake_case)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def resolve(namespace, prelude, spec):
    """A factory for the callable under test: a fresh ``Solution`` per test, as LeetCode does,
    or the top-level function of the same name (camelCase or snake_case)."""
    names = [spec["function"], snake_case(spec["function"])]
    cls = namespace.get(spec["class_name"])
    if isinstance(cls, type):
        for name in names:
            if callable(getattr(cls, name, None)):
                return lambda name=name: getattr(cls(), name)
    for name in names:
        func = namespace.get(name)
        if callable(func) and func is not prelude.get(name) and not isinstance(func, type):
            return lambda func=func: func
    raise LookupError(
        f"solution.py defines neither class {spec['class_name']} with a method "
        f"{names[0]}() nor a function {' or '.join(dict.fromkeys(names))}()"
    )


def load(source_path, spec):
    namespace = {"__name__": "solution", "__builtins__": __builtins__}
    exec(PRELUDE, namespace)
    namespace["ListNode"], namespace["TreeNode"] = ListNode, TreeNode
    # `from math import *` shadows the builtin pow (which takes a modulus): keep the builtin.
    namespace["pow"] = pow
    prelude = dict(namespace)
    with open(source_path, "rb") as f:
        source = f.read()
    exec(compile(source, "solution.py", "exec"), namespace)
    return resolve(namespace, prelude, spec)


def answer_json(value, out_type):
    """The answer as JSON text. A value of the wrong type is sent as it is (or as its repr):
    the host judges it wrong. Raises CycleError, TooLarge."""
    with contextlib.suppress(TypeError, ValueError, RecursionError):
        value = out_type(value)
    try:
        text = _dumps(value, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        text = _dumps(repr(value))
    if len(text) > VALUE_LIMIT:
        raise TooLarge(f"the answer's JSON is over the {_limit()} answer limit")
    return text


def run_test(channel, make_call, args, spec, out_type, inplace, capture, wrapper):
    capture.reset(spec["stdout_limit"])
    sys.stdout = sys.stderr = wrapper
    start = _process_time()
    value = None
    try:
        result = make_call()(*args)
        elapsed = (_process_time() - start) * 1000
        value = answer_json(args[inplace] if inplace is not None else result, out_type)
        message = {"status": "ok", "ms": elapsed}
    except OutputLimit:
        message = {"status": "output_limit", "ms": (_process_time() - start) * 1000}
    except TooLarge as exc:
        message = {"status": "too_large", "message": str(exc), "ms": 0.0}
    except BaseException as exc:  # the submission's failure, whatever it is, is this test's
        elapsed = (_process_time() - start) * 1000
        if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
            # The capture file passed the output limit (the box's RLIMIT_FSIZE is set to it).
            message = {"status": "output_limit", "ms": elapsed}
        else:
            message = {"status": "exception", "type": type(exc).__name__, "ms": elapsed}
            message["message"] = user_traceback(exc)
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    printed = collect(wrapper, capture, spec["stdout_limit"])
    if printed is None:
        message, value = {"status": "output_limit", "ms": message["ms"]}, None
    message["stdout_b64"] = _b64(printed or b"").decode("ascii")
    line = _dumps({"event": "result", **message}, separators=(",", ":"))
    if value is not None:  # spliced in: the answer is JSON already
        line = line[:-1] + ',"value":' + value + "}"
    data = memoryview((line + "\n").encode("ascii"))
    while data:
        data = data[_write(channel, data) :]


def collect(wrapper, capture, limit):
    """Everything printed during the test (bytes), or None if it is over ``limit``; empties the
    capture file for the next test."""
    for stream in (wrapper, sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(Exception, OutputLimit):
            stream.flush()
    with contextlib.suppress(OutputLimit, OSError):  # EFBIG: over the limit, seen below
        capture.flush()
    size = os.fstat(1).st_size
    printed = os.pread(1, size, 0) if size <= limit else None
    os.ftruncate(1, 0)
    os.lseek(1, 0, os.SEEK_SET)
    return printed


def main():
    channel = int(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        spec = json.load(f)
    # Inputs arrive on a private copy of stdin; the submission's stdin is empty.
    tests = os.fdopen(os.dup(0), "rb")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    in_types = [converters(t)[0] for t in spec["params"]]
    inplace = spec["inplace"]
    out_type = converters(spec["params"][inplace] if inplace is not None else spec["returns"])[1]
    # LeetCode's Python runs deep recursion (memoised DFS on 10^4..10^5 states). In 3.11 a
    # call between Python functions takes no C stack but about 150 bytes of memory (280 once
    # an exception unwinds it: frame objects and tracebacks); one through C code (an @cache
    # wrapper, a dunder method) about 2.5 KiB of the stack, which is RLIMIT_STACK's (it
    # follows the memory limit). One frame per 248 bytes of that stack: 10^6 frames under
    # 256 MB, and a runaway recursion is a RecursionError within the memory limit and
    # Python's overhead. (Recursion through C fills the stack first: faulthandler names it.)
    stack = resource.getrlimit(resource.RLIMIT_STACK)[0]
    sys.setrecursionlimit(max(100_000, stack // 248) if stack > 0 else 100_000)
    # fd 1 and fd 2 become one in-memory capture file: whatever the submission prints, through
    # print(), sys.stdout.buffer, os.write(1, ...) or a C extension, lands there, never on the
    # channel; it is read back after each test.
    captured = os.memfd_create("stdout")
    os.dup2(captured, 1)
    os.dup2(captured, 2)
    os.close(captured)
    capture = Capture()
    wrapper = io.TextIOWrapper(
        capture, encoding="utf-8", errors="backslashreplace", newline="\n", write_through=True
    )
    # With the CPU used so far: nothing of the submission has run yet (see
    # judging/function_session.py).
    send(channel, event="loading", cpu_ms=_process_time() * 1000)
    try:
        make_call = load(sys.argv[3], spec)
    except BaseException as exc:
        flood = isinstance(exc, OSError) and exc.errno == errno.EFBIG  # see run_test
        kind = "OutputLimit" if flood else type(exc).__name__  # harness.OUTPUT_LIMIT_ERROR
        send(channel, event="error", type=kind, message=user_traceback(exc))
        return
    send(channel, event="ready")
    for line in tests:
        args = [convert(a) for convert, a in zip(in_types, json.loads(line), strict=True)]
        run_test(channel, make_call, args, spec, out_type, inplace, capture, wrapper)


if __name__ == "__main__":
    main()
