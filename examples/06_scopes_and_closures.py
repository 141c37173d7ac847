# Lesson 06: scopes, closures, nonlocal and global
#
# Each function call has its own local variables. A name assigned anywhere in a
# function is local to that function for the whole body, unless declared:
#   - global NAME: the name refers to the module-level variable;
#   - nonlocal NAME: the name refers to a variable of an enclosing function.
# A nested function that uses a variable of its enclosing function keeps that
# variable alive after the outer call returns: this is a closure. Closures
# capture variables, not values: functions made in a loop all see the loop
# variable's final value, unless each gets its own (here via a default value).

counter = 0

def bump():
    global counter
    counter += 1
    return counter

bump()
bump()
print("global counter:", counter)

def shadow():
    counter = 100  # a new local: the global is untouched
    return counter

print("local shadows global:", shadow(), counter)

# A closure: make_adder returns a function that remembers n.
def make_adder(n):
    def add(x):
        return x + n
    return add

add5 = make_adder(5)
add10 = make_adder(10)
print("closures:", add5(1), add10(1), add5(add10(0)))

# nonlocal lets the inner function rebind the outer variable.
def make_counter(start):
    count = start

    def step(by=1):
        nonlocal count
        count += by
        return count

    return step

tick = make_counter(10)
tock = make_counter(0)
print("counters:", tick(), tick(), tick(5), tock(), tick())

# Several closures can share one variable.
def make_account(balance):
    def deposit(amount):
        nonlocal balance
        balance += amount
        return balance

    def withdraw(amount):
        nonlocal balance
        if amount > balance:
            return "refused: only " + str(balance)
        balance -= amount
        return balance

    def show():
        return balance

    return deposit, withdraw, show

deposit, withdraw, show = make_account(50)
print("account:", deposit(25), withdraw(100), withdraw(30), show())

# Late binding: every lambda sees the final i.
late = [lambda: i for i in range(3)]
print("late binding:", [f() for f in late])
# A default value is evaluated when the lambda is made: each keeps its own i.
early = [lambda i=i: i for i in range(3)]
print("captured with a default:", [f() for f in early])

def make_multipliers():
    result = []
    for k in range(1, 4):
        def times(x, k=k):
            return x * k
        result.append(times)
    return result

print("multipliers:", [m(10) for m in make_multipliers()])

# Three levels deep: the innermost function reads from both enclosing scopes.
def outer():
    a = "outer"

    def middle():
        b = "middle"

        def inner():
            return a + " > " + b + " > inner"

        return inner()

    return middle()

print(outer())

# A name that is assigned anywhere in a function is local in the WHOLE body,
# so reading it before the assignment fails instead of reading the global.
message = "module"

def reads_global():
    return message

def assigns_later():
    try:
        print(message)
    except UnboundLocalError as error:
        print("  UnboundLocalError:", error)
    message = "local"
    return message

print(reads_global())
print(assigns_later())
