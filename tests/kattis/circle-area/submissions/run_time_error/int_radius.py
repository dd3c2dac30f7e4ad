import sys

for line in sys.stdin:
    r = int(line)  # the radii are real numbers
    print(3.141592653589793 * r * r)
