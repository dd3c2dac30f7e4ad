# Run in the Java compile box as `python3 -S -c <this> DIR` after javac, for a stdio program:
# finds the class to run, the way DOMjudge DetectMain does (the class with
# `public static void main(String[])`), by reading the class files (no JVM start), and writes
# its binary name (`x.Main` for `package x;`) to DIR/codejudge-entry for the launcher.
# Several candidates: the public top-level one wins, then a lone top-level one; no candidate,
# or an ambiguous choice, is a compile error (exit 1, the reason on stderr).
import os
import struct
import sys

LAUNCHER = "CodejudgeLaunch"
MAIN_DESCRIPTOR = b"([Ljava/lang/String;)V"
PUBLIC, STATIC = 0x0001, 0x0008
# Constant pool entry sizes after the tag (1 Utf8 is variable; 5 Long and 6 Double take 2 slots).
SIZES = {
    3: 4,
    4: 4,
    5: 8,
    6: 8,
    7: 2,
    8: 2,
    9: 4,
    10: 4,
    11: 4,
    12: 4,
    15: 3,
    16: 2,
    17: 4,
    18: 4,
    19: 2,
    20: 2,
}


def read_class(data):
    """(binary name, class is public, has public static void main(String[]))."""
    pos, count = 10, struct.unpack_from(">H", data, 8)[0]
    utf8, classes, index = {}, {}, 1
    while index < count:
        tag = data[pos]
        if tag == 1:
            length = struct.unpack_from(">H", data, pos + 1)[0]
            utf8[index] = data[pos + 3 : pos + 3 + length]
            pos += 3 + length
        else:
            if tag == 7:
                classes[index] = struct.unpack_from(">H", data, pos + 1)[0]
            pos += 1 + SIZES[tag]
        index += 2 if tag in (5, 6) else 1
    access, this = struct.unpack_from(">HH", data, pos)
    name = utf8[classes[this]].decode("utf-8", "replace").replace("/", ".")
    pos += 6
    pos += 2 + 2 * struct.unpack_from(">H", data, pos)[0]  # interfaces
    has_main = False
    for member in ("field", "method"):
        (n,) = struct.unpack_from(">H", data, pos)
        pos += 2
        for _ in range(n):
            flags, name_i, descriptor_i, attributes = struct.unpack_from(">HHHH", data, pos)
            pos += 8
            for _ in range(attributes):
                pos += 6 + struct.unpack_from(">I", data, pos + 2)[0]
            is_main = utf8.get(name_i) == b"main" and utf8.get(descriptor_i) == MAIN_DESCRIPTOR
            if member == "method" and is_main and flags & PUBLIC and flags & STATIC:
                has_main = True
    return name, bool(access & PUBLIC), has_main


def main():
    root = sys.argv[1]
    found = []
    for folder, _, names in os.walk(root):
        for file in sorted(names):
            if file.endswith(".class"):
                with open(os.path.join(folder, file), "rb") as f:
                    name, public, has_main = read_class(f.read())
                if has_main and name != LAUNCHER:
                    found.append((name, public))
    if not found:
        sys.stderr.write("no class has a `public static void main(String[] args)` method\n")
        return 1
    # The public top-level class first (its file is named after it), then top-level classes,
    # then nested ones: the first tier with candidates must have exactly one.
    tiers = (
        [n for n, public in found if public and "$" not in n],
        [n for n, _ in found if "$" not in n],
        [n for n, _ in found],
    )
    candidates = next(tier for tier in tiers if tier)
    if len(candidates) > 1:
        names = ", ".join(sorted(candidates))
        sys.stderr.write(
            f"several classes have a `public static void main(String[] args)` method ({names}):"
            " make the one to run the only public class of the file\n"
        )
        return 1
    entry = candidates[0]
    with open(os.path.join(root, "codejudge-entry"), "w") as f:
        f.write(entry)
    return 0


sys.exit(main())
