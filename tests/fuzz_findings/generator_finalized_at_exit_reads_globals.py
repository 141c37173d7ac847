# Found by tests/fuzz_diff.rs (long run, seed 3523174125, programs 2572, 2691, 2979...),
# shrunk by hand. A generator suspended in a module global is finalized when the program
# ends; its `finally` calls a function of the module.
# CPython: stdout "1\nfinally sees 4\n", status 0
# peel:    stdout "1\n", status 0; stderr: "Exception ignored in: <generator object gen ...>"
#          ... "NameError: name 'helper' is not defined"
def helper():
    return 4


def gen():
    try:
        yield 1
    finally:
        print("finally sees", helper())


it = gen()
print(next(it))
