# Two builtins are as close to `pint` as each other: `print` (one letter missing) and
# `int` (one letter too many). CPython takes the first in its builtins' own order, where
# the functions come before the classes: `print`, though `int` sorts first.
print(int("7") * 6)
pint("done")
