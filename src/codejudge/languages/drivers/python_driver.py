"""Function-problem driver for Python, run in the box as ``driver.py CHANNEL_FD SPEC SOURCE``.

It runs beside the submission, so the host trusts it with nothing: it receives one test's
arguments at a time on stdin (the next only after answering), never the expected values, and
answers with one JSON line per test on the channel descriptor. Anything the submission prints
is captured per test and returned as that test's ``stdout``; it cannot reach the channel.
"""

import contextlib
import io
import json
import os
import re
import sys
import time
import traceback

# Held before the submission runs, so rebinding these names in user code changes nothing here.
_write, _process_time, _dumps = os.write, time.process_time, json.dumps

# LeetCode's implicit imports: a solution written there runs here unchanged.
PRELUDE = """
from typing import *
from collections import *
from heapq import *
from bisect import *
from itertools import *
from functools import *
from math import *
from string import *
import array, bisect, collections, copy, functools, heapq, itertools, math, operator
import random, re, statistics, string, sys, typing
"""


class OutputLimit(BaseException):
    """Raised from print() when a test's output is over the limit. A BaseException so that the
    submission's own ``except Exception`` cannot swallow it."""


class Capture(io.TextIOBase):
    """sys.stdout/sys.stderr during one test: keeps the text, up to ``limit`` characters."""

    def __init__(self, limit):
        self.limit, self.parts, self.size = limit, [], 0

    def writable(self):
        return True

    def write(self, text):
        self.size += len(text)
        if self.size > self.limit:
            raise OutputLimit
        self.parts.append(text)
        return len(text)

    def getvalue(self):
        return "".join(self.parts)


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
    values, seen = [], 0
    while node is not None:
        values.append(_int_out(node.val))
        node, seen = node.next, seen + 1
        if seen > 1_000_000:
            raise ValueError("the list has a cycle")
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
    values, queue = [], [root]
    for node in queue:
        if node is None:
            values.append(None)
            continue
        values.append(_int_out(node.val))
        queue += (node.left, node.right)
        if len(queue) > 2_000_000:
            raise ValueError("the tree has a cycle")
    while values and values[-1] is None:
        values.pop()
    return values


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


def converters(type_name):
    """(from_json, to_json) for a type such as ``integer[][]`` or ``list<list<string>>``."""
    inner = None
    if type_name.endswith("[]"):
        inner = type_name[:-2]
    elif type_name.startswith("list<") and type_name.endswith(">"):
        inner = type_name[5:-1]
    if inner is None:
        return TYPES[type_name]
    item_in, item_out = converters(inner)

    def list_out(v):
        if isinstance(v, (str, bytes, dict)) or not hasattr(v, "__iter__"):
            raise TypeError(f"expected a list, got {type(v).__name__}")
        return [item_out(x) for x in v]

    return (lambda v: [item_in(x) for x in v]), list_out


# -- protocol ----------------------------------------------------------------------------------


def send(channel, **message):
    try:
        line = _dumps(message, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        message["value"] = repr(message.get("value"))
        line = _dumps(message, ensure_ascii=False)
    data = memoryview((line + "\n").encode("utf-8", "surrogatepass"))
    while data:
        data = data[_write(channel, data) :]


def user_traceback(exc):
    """The traceback without this driver's frames: the user wants their own lines."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def snake_case(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


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


def run_test(channel, make_call, args, spec, out_type, inplace):
    capture = Capture(spec["stdout_limit"])
    sys.stdout = sys.stderr = capture
    start = _process_time()
    try:
        result = make_call()(*args)
        elapsed = (_process_time() - start) * 1000
        value = args[inplace] if inplace is not None else result
        # A value of the wrong type is sent as it is (or as its repr): the host judges it wrong.
        with contextlib.suppress(TypeError, ValueError, RecursionError):
            value = out_type(value)
        message = {"status": "ok", "value": value, "ms": elapsed}
    except OutputLimit:
        message = {"status": "output_limit", "ms": (_process_time() - start) * 1000}
    except BaseException as exc:  # the submission's failure, whatever it is, is this test's
        elapsed = (_process_time() - start) * 1000
        message = {"status": "exception", "type": type(exc).__name__, "ms": elapsed}
        message["message"] = user_traceback(exc)
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    send(channel, event="result", stdout=capture.getvalue(), **message)


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
    # LeetCode's Python runs deep recursion (memoised DFS on 10^4..10^5 states); the box's
    # 64 MiB stack holds that, and a deeper runaway still ends as a runtime error.
    sys.setrecursionlimit(100_000)
    # With the CPU used so far: nothing of the submission has run yet (see runner.py).
    send(channel, event="loading", cpu_ms=_process_time() * 1000)
    try:
        make_call = load(sys.argv[3], spec)
    except BaseException as exc:
        send(channel, event="error", type=type(exc).__name__, message=user_traceback(exc))
        return
    send(channel, event="ready")
    for line in tests:
        args = [convert(a) for convert, a in zip(in_types, json.loads(line), strict=True)]
        run_test(channel, make_call, args, spec, out_type, inplace)


if __name__ == "__main__":
    main()
