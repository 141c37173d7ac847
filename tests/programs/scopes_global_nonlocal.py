# global and nonlocal across several levels.
total = 0
def add(n):
    global total
    total += n
add(5); add(7)
print(total)

def outer():
    x = "outer"
    def middle():
        nonlocal x
        x = "changed by middle"
        def inner():
            nonlocal x
            x = x + " and inner"
        inner()
    middle()
    return x
print(outer())

def make_global():
    global created_later
    created_later = "made inside a function"
make_global()
print(created_later)

def reads_then_shadow():
    value = [total]
    def inner():
        return value[0] * 2
    value[0] = 100
    return inner()
print(reads_then_shadow())

def param_shadow(total):
    return total + 1
print(param_shadow(0), total)

counter = 0
def closure_over_global():
    def bump():
        global counter
        counter += 10
    bump()
    bump()
closure_over_global()
print(counter)
