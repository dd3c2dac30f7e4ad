# Allocates and touches the MiB it reads.
mib = int(input())
v = b"\x01" * (mib << 20)
print(mib if sum(v[::4096]) == mib << 8 else -1)
