# Runtime error: a recursion without a base case hits the recursion limit (1000).
def countdown(n):
    return countdown(n - 1)


print("starting")
countdown(10)
