# match in generators and coroutines: cases whose bodies and guards suspend.
import asyncio


def tokens(text):
    for word in text.split():
        match word:
            case "+" | "-" | "*" | "/" as op:
                yield ("op", op)
            case w if w.isdigit():
                yield ("num", int(w))
            case w:
                sent = yield ("name", w)
                if sent:
                    print("sent back:", sent)


gen = tokens("x + 12 * y")
print(next(gen))
print(gen.send("hello"))
print(list(gen))


def evaluate(stack):
    match stack:
        case [*rest, ("num", a), ("op", "+"), ("num", b)]:
            result = yield from evaluate(rest + [("num", a + b)])
            return result
        case [("num", n)]:
            yield f"done: {n}"
            return n
        case _:
            yield "stuck"
            return None


g = evaluate([("num", 1), ("op", "+"), ("num", 2)])
print(list(g))


async def is_ready(name):
    await asyncio.sleep(0.5)
    return name.startswith("r")


async def serve(request):
    match request:
        case {"path": "/sleep", "secs": secs}:
            await asyncio.sleep(secs)
            return f"slept {secs}"
        case {"path": path} if await is_ready(path):
            return f"ready {path}"
        case {"path": path}:
            return f"waited for {path}"


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    results = await asyncio.gather(
        serve({"path": "/sleep", "secs": 2}),
        serve({"path": "ready"}),
        serve({"path": "other"}),
    )
    print(results, loop.time() - start)


asyncio.run(main())
