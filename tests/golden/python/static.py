# 192 MiB of static data, set up when the program loads.
T = b"\x01" * (192 << 20)
print(sum(T[::4096]))
