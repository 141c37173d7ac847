# Lesson 12: a small program - a shop's inventory
#
# A second program that uses everything so far: records kept as dicts in a
# list, functions with keyword arguments, exceptions for orders that cannot be
# filled (caught and reported, so one bad order does not stop the rest), a
# closure that keeps a running log, and a final report grouped by category.

inventory = [
    {"name": "hammer", "category": "tools", "stock": 5, "price": 12.5},
    {"name": "nails", "category": "hardware", "stock": 500, "price": 0.02},
    {"name": "saw", "category": "tools", "stock": 2, "price": 24.0},
    {"name": "glue", "category": "supplies", "stock": 0, "price": 3.75},
    {"name": "screws", "category": "hardware", "stock": 250, "price": 0.05},
]


def find(name):
    for item in inventory:
        if item["name"] == name:
            return item
    raise KeyError(name)


def make_log():
    entries = []

    def log(message, *, level="info"):
        entries.append(f"[{level}] {message}")
        return len(entries)

    def dump():
        for number, entry in enumerate(entries, start=1):
            print(f"{number:>3}. {entry}")

    return log, dump


log, dump_log = make_log()


def sell(name, quantity):
    if quantity <= 0:
        raise ValueError(f"quantity must be positive, not {quantity}")
    item = find(name)
    if item["stock"] < quantity:
        raise RuntimeError(f"only {item['stock']} {name} left, {quantity} wanted")
    item["stock"] -= quantity
    cost = round(quantity * item["price"], 2)
    log(f"sold {quantity} {name} for {cost:.2f}")
    return cost


def restock(name, quantity=10):
    item = find(name)
    item["stock"] += quantity
    log(f"restocked {name} by {quantity}", level="stock")


orders = [("hammer", 2), ("nails", 120), ("glue", 1), ("saw", 3), ("drill", 1), ("screws", -4)]
takings = 0.0
for name, quantity in orders:
    try:
        takings += sell(name, quantity)
    except KeyError as error:
        log(f"unknown product {error}", level="error")
    except (ValueError, RuntimeError) as error:
        log(str(error), level="refused")
    finally:
        takings = round(takings, 2)

restock("glue")
restock("saw", quantity=1)
print("sold after restocking:", sell("glue", 4))

print("log:")
dump_log()

print(f"takings: {takings:.2f}")
by_category = {}
for item in inventory:
    by_category.setdefault(item["category"], []).append(item)

print(f"{'category':<10}{'item':<8}{'stock':>6}{'value':>9}")
grand_total = 0
for category in sorted(by_category):
    items = sorted(by_category[category], key=lambda it: it["name"])
    for item in items:
        value = item["stock"] * item["price"]
        grand_total += value
        print(f"{category:<10}{item['name']:<8}{item['stock']:>6}{value:>9.2f}")
print(f"{'':<18}{'total':>6}{grand_total:>9.2f}")
low = [item["name"] for item in inventory if item["stock"] < 5]
print("running low:", low if low else "nothing")
