# Handles and futures show their callbacks as CPython's format_helpers does: a
# builtin by its name and arguments, and a handle still shows its callback after
# it has run (only cancel() drops it). Results and arguments are cut by reprlib:
# four dict entries, six set items, sorted when they can be.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(print)
    print(fut)
    h = loop.call_soon(print, "ran", [1, 2])
    print(h)
    await asyncio.sleep(0)
    print(h)
    later = loop.call_later(5, len, "abc")
    print(later)
    later.cancel()
    print(later)
    fut.set_result(None)
    results = [
        {9: "i", 3: "c", 7: "g", 1: "a", 5: "e", 2: "b"},
        {"b": 1, "a": 2},
        {1: 1, "x": 2, 0.5: 3, (1,): 4, None: 5},
        {8, 3, 100, 5, 1, 42, 7, 6},
        frozenset({"pear", "fig", "apple"}),
        set(),
        {},
        [[[[[[[[]]]]]]]],
        [[[[[[[[1]]]]]]]],
        [{1: {2: {3: {4: {5: {6: {7: 8}}}}}}}],
        {2.5: "x", 1: "y", True: "z"},
    ]
    for value in results:
        f = loop.create_future()
        f.set_result(value)
        print(f)
    print(loop.call_soon(print, {5: 1, 4: 2, 3: 3, 2: 4, 1: 5}))
    await asyncio.sleep(0)


asyncio.run(main())
