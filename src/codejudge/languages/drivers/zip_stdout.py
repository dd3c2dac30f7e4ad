# Run in the compile box as `python3 -S zip_stdout.py DIR`: the class files of DIR as a jar on
# stdout (a jar is a zip; stored, not deflated: it is read once, straight from memory).
import os
import sys
import zipfile

root = sys.argv[1]
with zipfile.ZipFile(sys.stdout.buffer, "w", zipfile.ZIP_STORED) as jar:
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(folder, name)
            jar.write(path, os.path.relpath(path, root))
