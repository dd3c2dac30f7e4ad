import os

leaks = [k for k, v in os.environ.items() if "CODEJUDGE" in k or "secret" in v]
pids = [p for p in os.listdir("/proc") if p.isdigit()]
others = []
for pid in pids:
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read()
        env = open(f"/proc/{pid}/environ", "rb").read()
    except OSError:
        continue
    if b"pytest" in cmd or b"codejudge" in cmd or b"SECRET" in env:
        others.append(pid)
print("ok" if not leaks and not others and len(pids) <= 3 else f"{leaks} {others} {pids}")
