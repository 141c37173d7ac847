# "Did you mean" looks at the module as it is when the error is reported: an attribute
# the program gave it counts, as it does in CPython (dir() of the module then).
import time

time.started_at = time.monotonic()
time.sleep(2)
print("waited", time.monotonic() - time.started_at)
print("since", time.started_a)
