chunks = []
while True:
    chunks.append(bytearray(b"x" * (1 << 20)))
