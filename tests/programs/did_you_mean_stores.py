# Only a failed attribute read gets a "Did you mean": a failed store or delete, or an
# AttributeError the program raises itself, is reported as it is.
# peel: same stderr
xs = []
try:
    xs.appendd = 1
except AttributeError:
    try:
        raise AttributeError("'list' object has no attribute 'appendd'")
    except AttributeError:
        del xs.appendd
