found = []
for path in [
    "/etc/shadow",
    "/etc/passwd",
    "/root/.ssh/id_rsa",
    "/etc/hostname",
    "@CANARY@",
    "/proc/1/environ",
]:
    try:
        data = open(path, "rb").read()
        if path == "/proc/1/environ" and b"SECRET" not in data:
            continue
        found.append(path)
    except OSError:
        pass
print("ok" if not found else f"read {found}")
