# Found by tests/fuzz_diff.rs (seed 3523174125, program 17), shrunk. Open: issue 14, item 8.
# CPython: 100000000000000000000000000000
# peel:    OverflowError: Python int too large to convert to C ssize_t
print(range(10**30)[10**29])
