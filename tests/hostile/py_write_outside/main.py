import os

wrote = []
for path in [
    "@CANARY@",
    "/x",
    "/etc/passwd",
    "/usr/bin/python3",
    "/usr/x",
    "/dev/x",
    "/proc/x",
    "/lib/x",
    "/box/../x",
]:
    try:
        with open(path, "a") as f:
            f.write("pwned")
        wrote.append(path)
    except OSError:
        pass
for path in ["@CANARY@", "/usr/bin/python3"]:
    try:
        os.unlink(path)
        wrote.append("unlink " + path)
    except OSError:
        pass
print("ok" if not wrote else f"wrote {wrote}")
