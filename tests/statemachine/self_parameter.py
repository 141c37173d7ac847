# A generator whose parameter is called self: the printed class keeps it in a field of
# another name (its methods have their own self), and the function that makes the
# generator passes the argument under the name its def line gives it.
def walk(self, step=1):
    i = 0
    while i < len(self):
        yield self[i]
        i += step


print(list(walk([1, 2, 3, 4], 2)))
print(list(walk("abc")))
