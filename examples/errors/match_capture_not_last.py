# Error: a bare capture matches everything, so the cases after it could never run: CPython
# refuses the program before it starts.
def command(words):
    match words:
        case [verb]:
            return verb
        case other:
            return "?"
        case []:
            return "nothing"


print(command(["go"]))
