files = []
try:
    while True:
        files.append(open("/dev/null"))
except OSError:
    pass
print("ok" if len(files) < 100 else f"opened {len(files)}")
