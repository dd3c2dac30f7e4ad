with open("/box/big", "wb") as f:
    while True:
        f.write(b"x" * (1 << 20))
