import os

hits = []
for root, dirs, files in os.walk("/"):
    if root.startswith(("/proc", "/sys")):
        dirs.clear()
        continue
    for name in files:
        # the canary, a codejudge problem package, a Kattis one, test answers
        if name in ("@CANARY_NAME@", "problem.toml", "problem.yaml") or name.endswith(".ans"):
            hits.append(os.path.join(root, name))
print("ok" if not hits else f"found {hits[:5]}")
