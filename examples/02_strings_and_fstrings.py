# Lesson 02: strings and f-strings
#
# A string is an immutable sequence of characters. This lesson shows:
#   - the ways to write a string literal (single, double, triple quotes, escapes);
#   - indexing and slicing, which never change the original string;
#   - f-strings: expressions inside {braces} are evaluated and inserted;
#   - conversions !r and !s, and format specs after a colon: width, alignment,
#     fill character, zero padding, precision, thousands separators, percent.

single = 'single quotes'
double = "double quotes can hold 'single' ones"
triple = """triple quotes
keep line breaks"""
print(single)
print(double)
print(triple)
print("tab:\tend", "quote: \"", 'backslash: \\')
print("two\nlines")

word = "peeling"
print("length:", len(word))
print("first:", word[0], " last:", word[-1])
print("slices:", word[0:4], word[4:], word[:-3], word[::2], word[::-1])
print("out-of-range slices are fine:", repr(word[10:20]))
print("repeat and join:", "ab" * 3, "+" + "-" * 5 + "+")
print("membership:", "eel" in word, "xyz" in word)
print("comparison is by character:", "apple" < "banana", "Zebra" < "apple")

# f-strings: any expression in braces.
name = "Ada"
count = 3
price = 2.5
print(f"{name} bought {count} pens for {count * price} euros")
print(f"the name has {len(name)} letters, upper: {name.upper()}")
print(f"repr and str: {name!r} {name!s}")
print(f"braces themselves: {{ and }}")

# Format specs: [fill][align][width][,][.precision][type]
pi = 3.14159265
print(f"[{pi:.2f}] [{pi:8.3f}] [{pi:<8.1f}] [{pi:e}]")
print(f"[{42:5d}] [{42:<5d}] [{42:^5d}] [{42:05d}] [{7:03d}]")
print(f"[{'ab':>4}] [{'ab':<4}] [{'ab':^6}] [{'ab':*^6}] [{'ab':-<5}]")
print(f"[{1234567:,}] [{1234567.891:,.2f}] [{0.256:.1%}] [{255:x}] [{255:b}]")
print(f"[{-5:+d}] [{5:+d}] [{3.0:g}] [{0.5:.0f}] [{1.5:.0f}]")

# The width and precision can themselves come from expressions.
width = 10
for label, value in [("apples", 1.5), ("kiwis", 12.25), ("melons", 100.0)]:
    print(f"{label:<{width}}|{value:>{width}.2f}|")
