# Sleeps past the wall-clock limit with almost no CPU time: time_limit_exceeded (wall time).
import time

a, b = map(int, input().split())
time.sleep(1.8)
print(a + b)
