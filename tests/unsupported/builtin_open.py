# Valid Python that peel rejects: the builtin open reaches files, which a peel program
# cannot. Nothing runs: the first print does not happen either.
print("reading")
lines = open("notes.txt").readlines()
