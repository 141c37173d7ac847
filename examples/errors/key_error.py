# Runtime error: looking up a key a dict does not have.
ages = {"ada": 36, "alan": 41}
print(ages["ada"])
print(ages["grace"])
