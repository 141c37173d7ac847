# A generator whose loop variable is declared global stores every item into the
# module's variable, and the global keeps the last one after the loop.


def count_up(n):
    global current
    for current in range(n):
        yield current * 10


print(list(count_up(3)), current)


def module_level():
    total = 0
    for current in range(4):
        total += current
    return total


print(module_level(), current)
