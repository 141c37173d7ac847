# Error: nonlocal names a variable of an enclosing FUNCTION; the module has none.
nonlocal count
count = 0
