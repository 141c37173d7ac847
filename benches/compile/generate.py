#!/usr/bin/env python3
"""Writes a large, realistic Python program for timing `peel check` against
`python3 -m py_compile` (benches/run.py's compile pair).

The program is the kind of code learners write, many times over: plain functions with
loops, `for ... else`, comprehensions and `try`/`finally`; generators with `yield`,
`yield from` and `finally`; `async def`s awaiting `asyncio.sleep`, other coroutines and
`gather`; generator expressions, lambdas and closures. Local names repeat from one
function to the next (`total`, `items`, `result`), as they do in real programs: each
loop over `items` needs a temporary named after it, which is what a compiler's naming
of temporaries must stay fast on.

It is deterministic (no randomness: unit `i` is always the same text), so a size in
lines always gives the same program, and it runs: `main()` calls every unit once,
cheaply, and prints a checksum, so the same file can be checked against CPython.

Usage: generate.py LINES [OUTPUT]   (OUTPUT defaults to standard output)
"""

import sys

HEADER = '''\
"""A generated program of {lines} lines: functions, generators and coroutines."""
import asyncio

'''


def plain_function(i):
    k = i % 7 + 2
    return f'''\
def summarize_{i}(items, scale={k}):
    """Sums the items that are not multiples of three, scaled."""
    total = 0
    seen = set()
    for n, item in enumerate(items):
        if item % 3 == 0:
            continue
        total += item * scale
        seen.add(item % {k})
    else:
        total += 1
    squares = [x * x for x in items if x % 2 == 0]
    lookup = {{x: x + {k} for x in squares}}
    try:
        total += lookup.get(4, 0)
    finally:
        seen.discard(0)
    return total + len(seen) + sum(squares)
'''


def generator(i):
    k = i % 5 + 1
    return f'''\
def produce_{i}(limit):
    count = 0
    try:
        while count < limit:
            count += 1
            received = yield count * {k}
            if received:
                yield from range(received)
    finally:
        count = -1


def pipeline_{i}(items):
    for item in items:
        if item % 2:
            yield item + {k}
    yield from produce_{i}(len(items))
'''


def coroutine(i):
    k = i % 4
    return f'''\
async def fetch_{i}(step):
    await asyncio.sleep(0)
    if step > {k + 3}:
        raise ValueError(f"step {{step}} too far")
    return step * {k + 1}


async def worker_{i}(name, delay):
    results = []
    for step in range(3):
        await asyncio.sleep(delay)
        try:
            value = await fetch_{i}(step)
        except ValueError as error:
            value = str(error)
        finally:
            results.append(step)
        results.append(value)
    pair = await asyncio.gather(fetch_{i}(1), fetch_{i}(2))
    return f"{{name}}: {{sum(results) + sum(pair)}}"
'''


def closures(i):
    k = i % 9 + 1
    return f'''\
def make_counter_{i}(start):
    count = start

    def step(by={k}):
        nonlocal count
        count += by
        return count
    return step


def transform_{i}(words):
    counter = make_counter_{i}(0)
    lengths = {{w: len(w) for w in words}}
    longest = max(words, key=lambda w: (lengths[w], w))
    evens = sum(n for n in lengths.values() if n % 2 == 0)
    total = 0
    while total < {k * 3}:
        total = counter()
        if total == {k * 2}:
            break
    items = sorted({{w[0] for w in words}})
    return longest, evens, total, "".join(items)
'''


KINDS = [plain_function, generator, coroutine, closures]


def unit_calls(i):
    """The lines in main() that run unit i once (unit i is of kind i % len(KINDS))."""
    kind = KINDS[i % len(KINDS)]
    if kind is plain_function:
        return [f"checksum += summarize_{i}([1, 2, 3, 4, 5, 6, 7, 8])"]
    if kind is generator:
        return [
            f"gen = produce_{i}(4)",
            "checksum += next(gen) + gen.send(2) + next(gen)",
            "gen.close()",
            f"checksum += sum(pipeline_{i}([1, 2, 3, 4]))",
        ]
    if kind is coroutine:
        return [f"coroutines.append(worker_{i}('w{i}', 0))"]
    return [f"checksum += len(str(transform_{i}(['ant', 'bee', 'cricket', 'dragonfly'])))"]


def program(lines):
    """The program: units until about `lines` lines, then main() running each once."""
    units, calls = [], []
    used = HEADER.count("\n")
    # main() itself: a fixed frame plus each unit's call lines.
    frame = 12
    i = 0
    while True:
        text = KINDS[i % len(KINDS)](i) + "\n\n"
        call = unit_calls(i)
        if used + text.count("\n") + len(call) + frame > lines and units:
            break
        units.append(text)
        calls.extend(call)
        used += text.count("\n") + len(call)
        i += 1
    body = "\n".join(f"    {c}" for c in calls)
    main = f'''\
async def main():
    checksum = 0
    coroutines = []
{body}
    for line in await asyncio.gather(*coroutines):
        checksum += len(line)
    return checksum


print("units:", {len(units)})
print("checksum:", asyncio.run(main()))
'''
    text = HEADER.format(lines=lines) + "".join(units) + main
    # Pad with comment lines to exactly `lines` (a learner's program has comments too).
    missing = lines - text.count("\n")
    return text + "# end of the generated program\n" * max(missing, 0)


def main(argv):
    if len(argv) not in (2, 3) or not argv[1].isdigit():
        sys.exit(__doc__.strip().splitlines()[-1])
    text = program(int(argv[1]))
    if len(argv) == 3:
        with open(argv[2], "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
