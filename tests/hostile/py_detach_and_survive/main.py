import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/usr/bin/python3", ["python3", "-c", "import time; time.sleep(60)", "@MARKER@"])
    os._exit(0)
os.wait()
time.sleep(0.1)
print("ok")
