# Valid Python that peel rejects: the match statement (structural pattern matching).
command = "go north"
print("parsing", command)
match command.split():
    case ["go", direction]:
        print("going", direction)
    case _:
        print("unknown command")
