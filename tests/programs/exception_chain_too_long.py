# An uncaught exception whose chain of causes is 999 exceptions long: CPython 3.11's
# printer of uncaught exceptions takes a level of the recursion limit per exception of the
# chain, gives up, dumps the exception object and says "lost sys.stderr". (A chain of 998
# is printed in full: see exception_chain_long.py.)
prev = None
for i in range(999):
    try:
        raise ValueError(i) from prev
    except ValueError as e:
        prev = e
print("raising a chain of", i + 1)
raise prev
