# codejudge launcher (Python, stdio programs): `python3 -B codejudge_launch.py FD solution.py`.
# The interpreter has started when this runs: it tells the host so on the channel descriptor
# FD, with the CPU time used so far, closes FD, and only then compiles and runs the submission
# as the __main__ module (sys.argv as if it had been started directly). The host starts the
# test's clock at that message: the interpreter's start-up is not the program's time, and
# nothing of the submission (not even its compilation) runs before it.
import builtins
import os
import sys
import time
import types

_fd, _path = int(sys.argv[1]), sys.argv[2]
os.write(_fd, b'{"event":"ready","cpu_ms":%.3f}\n' % (time.process_time() * 1000))
os.close(_fd)
sys.argv[:] = [_path]
_main = types.ModuleType("__main__")
_main.__file__ = _path
_main.__builtins__ = builtins
sys.modules["__main__"] = _main
with open(_path, "rb") as _source:
    _code = compile(_source.read(), _path, "exec")
del _fd, _path, _source
try:
    exec(_code, _main.__dict__)
except SystemExit:
    raise
except BaseException as _error:
    # The traceback the interpreter would print had it run solution.py itself: this file's
    # frame left out. Exit status 1, as for any uncaught exception.
    _error.with_traceback(_error.__traceback__.tb_next)  # what the interpreter prints
    sys.excepthook(type(_error), _error, _error.__traceback__)
    sys.exit(1)
