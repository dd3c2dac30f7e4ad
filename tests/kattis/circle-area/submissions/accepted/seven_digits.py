import math
import sys

for line in sys.stdin:
    r = float(line)
    print(f"{math.pi * r * r:.7g}")  # about 1e-7 relative error: within the tolerance
