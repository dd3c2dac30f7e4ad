# Bug: goes through floating point, which holds only 53 bits of mantissa: large sums are rounded.
a, b = map(float, input().split())
print(int(a + b))
