n = int(input())
found = -1
for d in range(2, n):  # up to 10^12 candidates
    if n % d == 0:
        found = d
        break
print(found)
