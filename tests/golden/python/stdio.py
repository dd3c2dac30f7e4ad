a, b = map(int, input().split())
if a == -1:
    raise ValueError("a is -1")
while a == -2:
    pass
print(a + b)
