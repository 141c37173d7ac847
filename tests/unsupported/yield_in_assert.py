# Valid Python that peel rejects: yield inside an assert.
def checker():
    while True:
        assert (yield) > 0, "must be positive"
