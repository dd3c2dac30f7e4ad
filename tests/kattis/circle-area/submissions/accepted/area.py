import math
import sys

for line in sys.stdin:
    r = float(line)
    print(f"{math.pi * r * r:.12e}")  # another format, same numbers
