# exit() and quit() (which every script has from the site module) raise SystemExit,
# which finally blocks see and which ends the program with its code; IOError and
# EnvironmentError are the old names of OSError.
def leave(code):
    try:
        exit(code)
    finally:
        print("finally runs on the way out")


try:
    raise IOError("disk")
except EnvironmentError as e:
    print(type(e).__name__, e, IOError is OSError)
try:
    quit()
except SystemExit as e:
    print("quit:", repr(e.code))
try:
    leave("text")
except SystemExit as e:
    print("exit:", repr(e.code))
print("last line")
leave(3)
print("not reached")
