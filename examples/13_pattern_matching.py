# Lesson 13: pattern matching with `match`
#
# `match` compares one value, the subject, against patterns, case by case,
# and runs the body of the first case that matches. A pattern describes a
# shape and names the parts it wants:
#   "look"              a literal: the subject must equal it;
#   ["go", direction]   a sequence of two items, the first equal to "go":
#                       the second is bound to the name `direction`;
#   ["take", *things]   at least one item; the rest become a list;
#   {"hp": int(hp)}     a dict with the key "hp" whose value is an int;
#   "n" | "north"       either alternative;  (...) as whole  binds it all;
#   _                   anything, binding nothing.
# A guard (`case [x] if x > 0:`) is tested once the pattern matched.
#
# peel has no "match" machinery at run time: the desugarer's `match` pass
# turns the statement into if/elif tests on a temporary holding the subject
# (see it with `peel dump --stage desugar --pass match`). A sequence pattern
# becomes `_match_seq(_subject) and len(_subject) == 2 and _subject[0] == 'go'`,
# a mapping pattern `'hp' in _subject`, a class pattern a call of
# `_match_class`. The names a case binds are assigned first thing in its body
# (or, with a guard, in the test just before the guard), and then
# `del _subject` lets go of the subject, as CPython does once a case matched.

exits = {"north": "the hall", "south": "the garden"}
inventory = []


def perform(command):
    match command.split():
        case ["look"]:
            return "You see exits: " + ", ".join(exits)
        case ["go", ("n" | "north" | "s" | "south") as way]:
            way = {"n": "north", "s": "south"}.get(way, way)
            return f"You walk {way} to {exits[way]}."
        case ["go", direction] if direction not in exits:
            return f"There is no way {direction}."
        case ["take", first, *others]:
            inventory.append(first)
            inventory.extend(others)
            return f"Taken: {[first, *others]}"
        case ["take"]:
            return "Take what?"
        case []:
            return "Say something."
        case [verb, *_]:
            return f"I do not know how to {verb}."


for line in ["look", "go n", "go west", "take lamp key", "take", "", "dance wildly"]:
    print(f"> {line}")
    print(perform(line))
print("carrying:", inventory)


def describe(event):
    match event:
        case {"type": "hit", "hp": int(hp)} if hp <= 0:
            return "knocked out"
        case {"type": "hit", "hp": int(hp)}:
            return f"hit, {hp} hp left"
        case {"type": "heal", **details}:
            return f"healed with {details}"
        case int(n) | float(n):
            return f"a bare number: {n}"
        case _:
            return "unknown event"


for event in [{"type": "hit", "hp": 0}, {"type": "hit", "hp": 7}, {"type": "heal", "by": "potion", "hp": 5}, 3.5, "boom"]:
    print(describe(event))
