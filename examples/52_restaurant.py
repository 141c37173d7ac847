# Lesson 52: a small simulation built from classes: a restaurant kitchen
#
# Tables order dishes; a Kitchen with a limited number of cooks prepares them;
# a Queue carries finished plates to the waiter. Each class keeps its own state
# (the kitchen counts what it cooked, each table what it still waits for),
# their async methods are coroutines like any other, and asyncio's loop runs
# them round-robin on the virtual clock.
#
#   peel run --timeline examples/52_restaurant.py   (who waited, and when)
#   peel dump --stage statemachine examples/52_restaurant.py
#     (Kitchen.cook, waiter and main: each coroutine, method or not, is one
#      state machine)
import asyncio

COOK_TIME = {"soup": 1.0, "pasta": 2.0, "salad": 0.5}


class Kitchen:
    def __init__(self, cooks, start):
        self.cooks = asyncio.Semaphore(cooks)
        self.cooked = 0
        self.start = start

    def now(self):
        return asyncio.get_running_loop().time() - self.start

    async def cook(self, table, dish, plates):
        async with self.cooks:
            print(f"{self.now():4.1f} cooking {dish} for table {table.number}")
            await asyncio.sleep(COOK_TIME[dish])
            self.cooked += 1
        await plates.put((table, dish))


class Table:
    def __init__(self, number, dishes):
        self.number = number
        self.waiting = list(dishes)

    def __repr__(self):
        return f"Table({self.number}, waiting={self.waiting})"

    def serve(self, dish):
        self.waiting.remove(dish)
        return not self.waiting


async def waiter(plates, kitchen, tables_left):
    while tables_left:
        table, dish = await plates.get()
        done = table.serve(dish)
        print(f"{kitchen.now():4.1f} served {dish} to table {table.number}")
        if done:
            tables_left.remove(table.number)
            print(f"{kitchen.now():4.1f} table {table.number} has everything")


async def main():
    kitchen = Kitchen(cooks=2, start=asyncio.get_running_loop().time())
    tables = [Table(1, ["soup", "pasta"]), Table(2, ["salad"]), Table(3, ["pasta", "salad"])]
    print(tables)
    plates = asyncio.Queue()
    orders = [kitchen.cook(t, d, plates) for t in tables for d in t.waiting]
    serving = asyncio.create_task(waiter(plates, kitchen, [t.number for t in tables]))
    await asyncio.gather(*orders)
    await serving
    print(f"{kitchen.now():4.1f} closed after cooking {kitchen.cooked} dishes", tables)


asyncio.run(main())
