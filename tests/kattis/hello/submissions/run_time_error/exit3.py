import sys

print("Hello World!")
sys.exit(3)
