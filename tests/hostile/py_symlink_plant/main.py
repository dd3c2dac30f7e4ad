import os

# Links where a careless host would write results or clean up, pointing at host files.
for name in ("/box/output", "/box/result.json", "/box/core", "/tmp/out", "/box/sub"):
    try:
        os.symlink("@CANARY@", name)
    except OSError:
        pass
try:
    os.symlink("/", "/box/root")
    os.mkfifo("/box/fifo")
except OSError:
    pass
print("ok")
