# Runtime error: an uncaught exception with an explicit cause (raise ... from ...).
def read_setting(settings, key):
    try:
        return settings[key]
    except KeyError as error:
        raise RuntimeError("missing setting " + repr(key)) from error


print(read_setting({"mode": "fast"}, "mode"))
print(read_setting({"mode": "fast"}, "speed"))
