# A starred operand (*xs, **d) is unpacked where it stands, before a later yield or
# await in the same expression runs: what the suspension changes cannot leak into it.
import asyncio

shared = [1]


def gen():
    r = [*shared, (yield "first")]
    print("list", r)
    print("call", *shared, (yield "second"))
    t = (*shared, *(yield "third"), *(yield "fourth"))
    print("tuple", t)
    s = {*shared, (yield "fifth")}
    print("set", sorted(s))


it = gen()
print(next(it))
shared.append(2)
print(it.send(10))
shared.append(3)
print(it.send(20))
print(it.send([30, 31]))
shared.append(4)
print(it.send((40,)))
try:
    it.send(50)
except StopIteration:
    print("done")


def show(**kw):
    return sorted(kw.items())


def mappings(d):
    print("call", show(**d, c=(yield "sixth")))
    print("dict", {**d, "z": (yield "seventh")})


m = {"a": 1}
it = mappings(m)
print(next(it))
m["b"] = 2
print(it.send(3))
m["y"] = 25
try:
    it.send(26)
except StopIteration:
    print("done")


async def value(x):
    await asyncio.sleep(0)
    return x


async def main():
    print([*await value([1]), *await value([2])])
    print(*await value("ab"), *await value("cd"), sep="-")


asyncio.run(main())
