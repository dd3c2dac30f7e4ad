import socket

reached = []
for host, port in [
    ("127.0.0.1", 6379),
    ("127.0.0.1", 5432),
    ("127.0.0.1", 8000),
    ("1.1.1.1", 53),
    ("169.254.169.254", 80),
]:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
        reached.append(f"{host}:{port}")
    except OSError:
        pass
print("ok" if not reached else f"reached {reached}")
