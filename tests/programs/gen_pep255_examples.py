# The PEP 255 examples, in our own words: nested generators walking a tree,
# fibonacci, yield inside try/finally, and generators that return early.

# A binary tree as nested tuples (left, label, right); None is an empty subtree.
def build(labels):
    if not labels:
        return None
    mid = len(labels) // 2
    return (build(labels[:mid]), labels[mid], build(labels[mid + 1:]))

def inorder(node):
    # A recursive generator: each level re-yields what the level below yields.
    if node is not None:
        left, label, right = node
        for x in inorder(left):
            yield x
        yield label
        for x in inorder(right):
            yield x

def inorder_iterative(node):
    # The same walk without recursion: an explicit stack of pending nodes.
    stack = []
    while node is not None or stack:
        while node is not None:
            stack.append(node)
            node = node[0]
        node = stack.pop()
        yield node[1]
        node = node[2]

tree = build("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
print("".join(inorder(tree)))
print("".join(inorder_iterative(tree)))
print(list(inorder(build([]))))

def fib():
    a, b = 0, 1
    while True:
        yield b
        a, b = b, a + b

f = fib()
print([next(f) for _ in range(12)])
print(next(f), next(f))

def first_n(it, n):
    # Stops early with a bare return: the consumer sees the end of iteration.
    for i, x in enumerate(it):
        if i == n:
            return
        yield x

print(list(first_n(fib(), 7)))
print(list(first_n("abc", 10)))

def guarded():
    # PEP 255: yield is allowed in the try of a try/finally.
    try:
        yield 1
        yield 2
    finally:
        print("finally ran")
    yield 3

print(list(guarded()))
g = guarded()
print(next(g))
g.close()
print("closed after first value")

def early(flag):
    yield "a"
    if flag:
        return
    yield "b"

print(list(early(True)), list(early(False)))

def empty():
    return
    yield

print(list(empty()))
e = empty()
try:
    next(e)
except StopIteration as exc:
    print("empty generator stops at once:", exc.value)

def yrange(n):
    i = 0
    while i < n:
        yield i
        i += 1

it = yrange(3)
print(next(it), next(it), next(it))
try:
    next(it)
except StopIteration:
    print("exhausted")
try:
    next(it)
except StopIteration:
    print("still exhausted")

def zrange(n):
    for i in yrange(n):
        yield i

print(list(zrange(5)))

# A generator is its own iterator.
g = yrange(2)
print(iter(g) is g)

# Local state survives between resumptions, each call gets a fresh frame.
def counter(start):
    n = start
    while True:
        got = yield n
        n += 1 if got is None else got

c1 = counter(10)
c2 = counter(100)
print(next(c1), next(c2), next(c1), c1.send(5), next(c2), next(c1))
