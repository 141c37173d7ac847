# An uncaught exception raised while handling another: both are printed.
# peel: same stderr
def load(config):
    try:
        return config["path"]
    except KeyError:
        return config["fallback"]

print(load({"path": "/tmp", "fallback": "x"}))
print(load({}))
