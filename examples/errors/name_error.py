# Runtime error: a name that was never assigned.
def greet():
    print("hello,", nmae)


print("before")
greet()
