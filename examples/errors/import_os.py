# Runtime error: peel programs cannot reach the operating system, so peel has no
# module os. CPython imports it; peel stops with ModuleNotFoundError.
# peel: raises ModuleNotFoundError: No module named 'os'
print("importing os")
import os

print(os.sep)
