# Valid Python that peel rejects: except* handles the exceptions of an ExceptionGroup.
print("trying")
try:
    pass
except* ValueError:
    print("a ValueError")
