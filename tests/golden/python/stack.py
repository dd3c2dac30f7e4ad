import sys

# The recursion limit is the program's own business, as on Codeforces; the stack is the box's.
sys.setrecursionlimit(10**6 + 100)


def depth(k):
    if k == 0:
        return 0
    return depth(k - 1) + 1


n = int(sys.stdin.readline())
print(depth(10**18 if n < 0 else n))
