# Lists are shared by reference; += mutates, + builds a new list.
a = [1, 2]
b = a
a += [3]
print(a, b, a is b)
a = a + [4]
print(a, b, a is b)
grid = [[0] * 2] * 2
grid[0][0] = 1
print(grid)
grid = [[0] * 2 for _ in range(2)]
grid[0][0] = 1
print(grid)
t = ([1], 2)
t[0].append(5)
print(t)
try:
    t[1] = 3
except TypeError as e:
    print("TypeError:", e)
nums = [1, 2, 3, 4, 5, 6]
for n in nums[:]:
    if n % 2 == 0:
        nums.remove(n)
print(nums)
stack = []
stack.append(1); stack.append(2); stack.append(3)
print(stack.pop(), stack.pop(), stack)
queue = [1, 2, 3]
print(queue.pop(0), queue)
x = [3, 1, 2]
y = sorted(x)
x.sort()
print(x == y, x is y, x.sort() is None)
e = [1, 2, 3]
e.insert(-1, "i"); e.insert(100, "end"); e.insert(-100, "start")
print(e, e.index("i"), len(e))
try:
    e.remove("zz")
except ValueError as err:
    print("ValueError:", err)
try:
    [].pop()
except IndexError as err:
    print("IndexError:", err)
m = [0] * 3
m[1:2] = [7, 8, 9]
print(m, m * 2, [m] * 0, 2 * [None])
