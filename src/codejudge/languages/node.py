"""The Node.js family (JavaScript, TypeScript): one runtime, one function driver
(drivers/js_driver.js), LeetCode's npm libraries read-only at ``NODE_MODULES_BOX``, and LeetCode's
JSDoc/TypeScript spelling of the types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from codejudge.languages.base import (
    MEMORY_MB,
    RUNTIME_STACK_KB,
    Debian,
    DiagnosticFormat,
    FunctionFiles,
    Language,
    checked_stack_kb,
    read_driver,
)
from codejudge.languages.spelling import TypeSpec
from codejudge.models import Signature
from codejudge.models.run import CHANNEL_FD, Mount, RoBind
from codejudge.models.vocabulary import BASE_TYPES

NODE = "/usr/bin/node"
# package.json's packages (LeetCode's JavaScript libraries, esbuild, tsc and the type
# packages), read-only in the JavaScript/TypeScript boxes; NODE_PATH lets require() find them.
NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
NODE_MODULES_BOX = "/opt/node_modules"
MOUNTS: tuple[Mount, ...] = (RoBind(str(NODE_MODULES), NODE_MODULES_BOX),)
# V8's heap capped at the problem's limit, so running out is a clean "heap out of memory".
# V8's stack (KiB) is the main thread's, which is RLIMIT_STACK's: a little less than that, so
# that V8's own depth check ("Maximum call stack size exceeded") comes before a SIGSEGV.
NODE_RUN = (NODE, f"--max-old-space-size={MEMORY_MB}", f"--stack-size={RUNTIME_STACK_KB}")
# A stdio program: the preloaded launcher reports that Node has started (see StdioRunner).
LAUNCH = ("-r", "/box/codejudge_launch.js", "solution.js", CHANNEL_FD)
# What a runtime error's text shows of Node and the judge, not of the submission: frames in
# Node's internals (node:internal/..., node:vm), the driver's and the launcher's frames, and
# the version line under an uncaught exception (see Language.tidy_message).
TRACE_NOISE = (
    r"\s+at (.* \()?node:.*",
    r"\s+at (.* \()?(driver|codejudge_launch)\.js:\d+:\d+\)?",
    r"Node\.js v[\d.]+",
)
# LeetCode's JavaScript libraries (package.json pins the same versions): require()-able
# everywhere, and globals in function problems (see js_driver.js).
LIBRARIES = (
    "lodash@4.17.21",
    "@datastructures-js/priority-queue@6.3.2",
    "@datastructures-js/queue@4.2.3",
    "@datastructures-js/deque@1.0.4",
)
_TYPES = {"integer": "number", "long": "number", "double": "number", "boolean": "boolean",
          "string": "string", "character": "string", "ListNode": "ListNode | null",
          "TreeNode": "TreeNode | null"}  # fmt: skip
# The node classes as LeetCode's JavaScript and TypeScript templates show them.
NODE_DOCS = {
    "ListNode": "/**\n * function ListNode(val, next) {\n"
    " *     this.val = val; this.next = next;\n * }\n */\n",
    "TreeNode": "/**\n * function TreeNode(val, left, right) {\n"
    " *     this.val = val; this.left = left; this.right = right;\n * }\n */\n",
}


def spell(t: TypeSpec) -> str:
    """TypeScript's spelling (also JavaScript's JSDoc): ``number[]``, ``(ListNode | null)[]``."""
    text = _TYPES[t.leaf]
    if t.depth and " | " in text:
        text = f"({text})"
    return text + "[]" * t.depth


def function_files(source_file: str) -> FunctionFiles:
    """The files of a function problem: the user's code as ``source_file``, the driver beside."""

    def files(signature: Signature, code: str) -> dict[str, str]:
        return {source_file: code, "driver.js": read_driver("js_driver.js")}

    return files


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeFamily(Language):
    run: tuple[str, ...] = (*NODE_RUN, *LAUNCH)
    stdio_files: tuple[str, ...] = ("codejudge_launch.js",)
    version: tuple[str, ...] = (NODE, "--version")
    diagnostics: tuple[DiagnosticFormat, ...] = (DiagnosticFormat.NODE,)
    function_run: tuple[str, ...] = (
        *NODE_RUN, "driver.js", CHANNEL_FD, "spec.json", "solution.js",
    )  # fmt: skip
    function_types: frozenset[str] = BASE_TYPES
    env: tuple[tuple[str, str], ...] = (("NODE_PATH", NODE_MODULES_BOX),)
    mounts: tuple[Mount, ...] = MOUNTS
    memory_overhead_kb: int = 32 * 1024
    address_space_overhead_kb: int = 2048 * 1024  # V8 reserves large cages (no-cgroup fallback)
    processes: int = 32
    memory_errors: tuple[str, ...] = (
        "heap out of memory",
        "RangeError: Array buffer allocation failed",
    )
    stack_errors: tuple[str, ...] = ("Maximum call stack size exceeded",)
    trace_noise: tuple[str, ...] = TRACE_NOISE
    runtime_stack: Callable[[int], int] | None = checked_stack_kb
    debian: tuple[Debian, ...] = (Debian("nodejs", "node"), Debian("npm", "npm"))
    npm: tuple[str, ...] = LIBRARIES
