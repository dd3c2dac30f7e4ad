n = 0
try:
    while True:
        with open(f"/tmp/f{n}", "wb") as f:  # many files, each under the size limit
            f.write(b"x" * (4 << 20))
        n += 1
except OSError:
    pass
print("ok" if n < 5 else f"wrote {n}")
