"""Java 17 (OpenJDK): LeetCode's ``class Solution`` with ``java.util.*`` imported. A stdio
program runs the class that has ``public static void main``, found after compiling as
DOMjudge's java_javac_detect does (any name, any package), through a launcher that starts
the test's clock once the JVM has booted (docs/languages.md)."""

import os
import re
import shutil
from pathlib import Path

from codejudge.languages.base import (
    MAIN,
    MEMORY_MB,
    STACK_KB,
    STDOUT_LIMIT,
    Debian,
    DiagnosticFormat,
    Language,
    SelfTest,
    read_driver,
)
from codejudge.languages.spelling import TypeSpec, node_docs, parse_type, returns
from codejudge.models import Signature
from codejudge.models.run import CHANNEL_FD, RoBind
from codejudge.models.vocabulary import BASE_TYPES


def _java_home() -> Path:
    javac = shutil.which("javac") or "/usr/lib/jvm/default-java/bin/javac"
    return Path(os.path.realpath(javac)).parent.parent


JAVA_HOME = _java_home()
# Debian keeps the JDK's configuration in /etc, behind symlinks from JAVA_HOME/conf and lib.
_ETC = Path(os.path.realpath(JAVA_HOME / "lib" / "jvm.cfg")).parent
# LeetCode's implicit imports, on the user's first line so that line numbers stay right
# (repeating an import the user wrote is allowed).
IMPORTS = (
    "import java.util.*; import java.util.function.*; import java.util.stream.*; "
    "import java.util.concurrent.*; import java.util.concurrent.atomic.*; "
    "import java.util.regex.*; import java.math.*; import java.io.*; "
)
_JVM = ("-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Xshare:auto")
_JAVAC = f"{JAVA_HOME}/bin/javac -J{' -J'.join(_JVM)} -encoding UTF-8 -nowarn -d /tmp/c *.java"
_ZIP = read_driver("zip_stdout.py")
# A stdio program runs through a launcher (see drivers/CodejudgeLaunch.java), which starts the
# class found after compiling (drivers/java_entry.py: no main, or an ambiguous one, is a
# compile error); a function problem's driver is its own entry point.
_LAUNCHER = "CodejudgeLaunch"
_ENTRY = read_driver("java_entry.py")
_FIND_ENTRY = f"{{ [ ! -e {_LAUNCHER}.java ] || python3 -S -c '{_ENTRY}' /tmp/c 1>&2; }}"
# Classes leave the compile box as a jar on stdout; compiler messages go to stderr.
_COMPILE = f"mkdir /tmp/c && {_JAVAC} 1>&2 && {_FIND_ENTRY} && exec python3 -S -c '{_ZIP}' /tmp/c"
# The heap is the problem's memory limit (-Xmx) and G1 lets one array take nearly all of it,
# as in C: the serial collector's fixed old generation (2/3 of the heap) refused a 200 MB
# array under 256 MB. -Xss is the run's stack, as for every language, and the main thread's
# (the launcher runs main() in a thread of that size): interpreted frames are large (10^6
# calls of a three-argument method, run before the JIT has compiled it, need about 144 MB).
# A runaway recursion is then memory_limit_exceeded rather than a named StackOverflowError:
# unwinding one from millions of frames, JDK 17 allocates about 170 bytes of native memory a
# frame ("Arena Chunk" in its native memory tracking: RSS 1.1 GB after overflowing a 240 MiB
# stack), and the cgroup stops it there. A quarter of the stack kept that within the limit,
# but failed deep recursions that ran in the interpreter.
# -XX:ActiveProcessorCount=1: the JVM sizes its helper threads for one CPU and does not spin
# waiting for descheduled threads; on a loaded host a Scanner A+B then costs 20-40 ms of CPU
# instead of 70-100 ms (its CPU time, which decides the limit, would depend on machine load).
_RUN = (
    f"{JAVA_HOME}/bin/java", "-XX:ActiveProcessorCount=1",
    "-XX:+UseG1GC", "-XX:-UsePerfData", "-Xshare:auto",
    f"-Xmx{MEMORY_MB}m", f"-Xss{STACK_KB}k", "-XX:ReservedCodeCacheSize=64m",
    "-XX:CompressedClassSpaceSize=64m", "-XX:MaxMetaspaceSize=128m", "-cp", "/box/main.jar",
)  # fmt: skip
# Comments, text blocks, strings and character literals: skipped when looking for the public
# class (a `public class` in a comment or string is not one).
_NOT_CODE = re.compile(
    r'//[^\n]*|/\*.*?\*/|"""(?:\\.|[^\\])*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S
)
_PUBLIC_TYPE = re.compile(
    r"\bpublic\s+(?:(?:final|abstract|strictfp|sealed|non-sealed|static)\s+)*"
    r"(?:class|interface|enum|record|@interface)\s+([A-Za-z_$][\w$]*)"
)


def main_class(code: str) -> str:
    """The name of the file the source must have: its public top-level type, else ``Main``.
    (Which class runs is decided after compiling, see ``_FIND_ENTRY``.)"""
    text = _NOT_CODE.sub(" ", code)
    depth, start = 0, 0
    for match in re.finditer(r"[{}]", text):
        if depth == 0:
            found = _PUBLIC_TYPE.search(text, start, match.start())
            if found:
                return found.group(1)
        depth += 1 if match.group() == "{" else -1
        start = match.end()
    found = _PUBLIC_TYPE.search(text, start) if depth == 0 else None
    return found.group(1) if found else "Main"


_TYPES = {"integer": "int", "long": "long", "double": "double", "boolean": "boolean",
          "string": "String", "character": "char", "ListNode": "ListNode",
          "TreeNode": "TreeNode"}  # fmt: skip
_BOXED = {"int": "Integer", "long": "Long", "double": "Double", "boolean": "Boolean",
          "char": "Character"}  # fmt: skip
_NODE_DOCS = {
    "ListNode": "/**\n * public class ListNode {\n *     int val;\n *     ListNode next;\n"
    " * }\n */\n",
    "TreeNode": "/**\n * public class TreeNode {\n *     int val;\n *     TreeNode left;\n"
    " *     TreeNode right;\n * }\n */\n",
}


def spell(t: TypeSpec) -> str:
    """Arrays as arrays, lists as ``List<>``; inside a list everything is boxed."""
    text = _TYPES[t.leaf]
    boxed = False
    for is_list in reversed(t.levels):
        if is_list or boxed:
            text = f"List<{_BOXED.get(text, text)}>"
            boxed = True
        else:
            text += "[]"
    return text


def starter(signature: Signature) -> str:
    params = ", ".join(f"{spell(parse_type(p.type))} {p.name}" for p in signature.params)
    return (
        f"{node_docs(signature, _NODE_DOCS)}class {signature.class_name} {{\n"
        f"    public {returns(signature, spell, 'void')} {signature.function}({params}) {{\n"
        "        \n    }\n}\n"
    )


def function_files(signature: Signature, code: str) -> dict[str, str]:
    lines = ["    static Object call(java.util.List<Object> a) throws Throwable {"]
    for n, param in enumerate(signature.params):
        rendered = spell(parse_type(param.type))
        lines.append(f'        {rendered} p{n} = ({rendered}) conv(a.get({n}), "{param.type}");')
    args = ", ".join(f"p{n}" for n in range(len(signature.params)))
    call = f"new {signature.class_name}().{signature.function}({args})"
    if signature.returns == "void":
        inplace = [p.name for p in signature.params].index(signature.inplace or "")
        lines += [f"        {call};", f"        return p{inplace};"]
    elif signature.returns in ("ListNode", "TreeNode"):
        # An empty list or tree is null in Java and [] in JSON.
        lines.append(
            f"        Object r = {call};\n        return r == null ? java.util.List.of() : r;"
        )
    else:
        lines.append(f"        return {call};")
    lines.append("    }")
    driver = read_driver("java_driver.java").replace("/*CALL*/", "\n".join(lines))
    return {f"{signature.class_name}.java": IMPORTS + code + "\n" + driver}


LANGUAGE = Language(
    id="java",
    name="Java 17 (OpenJDK)",
    order=3,
    extensions=(".java",),
    source_file=f"{MAIN}.java",
    main_class=main_class,
    compile=("/bin/sh", "-c", _COMPILE),
    diagnostics=(DiagnosticFormat.JAVAC,),
    artifact="main.jar",
    run=(*_RUN, "--add-opens=java.base/java.io=ALL-UNNAMED", _LAUNCHER, CHANNEL_FD),
    stdio_files=(f"{_LAUNCHER}.java",),
    version=(f"{JAVA_HOME}/bin/java", "-version"),
    function_files=function_files,
    # The driver opens its channel descriptor through java.io.FileDescriptor's field.
    function_run=(
        *_RUN,
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "CodejudgeMain",
        CHANNEL_FD,
        STDOUT_LIMIT,
    ),
    function_types=BASE_TYPES,
    starter=starter,
    debian=(Debian("openjdk-17-jdk-headless", "javac"),),
    mounts=(RoBind(str(_ETC), str(_ETC), optional=True),),
    # The JVM's own resident memory (code cache, metaspace, GC structures) beside the heap.
    memory_overhead_kb=160 * 1024,
    # Reserved, not used: the class space, code cache and thread stacks (no-cgroup fallback).
    address_space_overhead_kb=1536 * 1024,
    processes=64,
    startup_cpu_ms=3000,
    memory_errors=("OutOfMemoryError",),
    stack_errors=("StackOverflowError",),
    selftest=SelfTest(
        stdio_code=(
            "import java.util.Scanner;\npublic class Sum {\n    public static void main(String[] a)"
            " {\n        Scanner in = new Scanner(System.in);\n"
            "        System.out.println(in.nextLong() + in.nextLong());\n    }\n}\n"
        ),
        stdio_input="2 3\n",
        stdio_output="5",
        function_code=(
            "class Solution {\n    public int add(int a, int b) {\n"
            '        System.out.println("debug output is fine");\n        return a + b;\n    }\n}\n'
        ),
    ),
)
