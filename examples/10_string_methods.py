# Lesson 10: string methods and the older formatting styles
#
# Strings never change: every method returns a NEW string (or a list, a bool,
# a number). The everyday ones:
#   split / join        break text into pieces and glue pieces together;
#   strip family        remove whitespace (or given characters) at the ends;
#   upper / lower       change case;  replace  swaps substrings;
#   startswith / endswith / find / count / isdigit   ask questions.
# Besides f-strings, Python has two older ways to format:
#   "%s is %d" % (name, age)      printf-style, with %s %r %d %f %x and widths;
#   "{} is {}".format(name, age)  the format method, with the same specs as f-strings.

line = "  The quick brown fox  "
print(repr(line.strip()), repr(line.lstrip()), repr(line.rstrip()))
print(repr("xxhixx".strip("x")), repr("--a-b--".strip("-")))
print(line.upper(), "|", line.lower(), "|", line.strip().replace("quick", "slow"))
print("replace all:", "a-b-c-d".replace("-", "+"), " only twice:", "a-b-c-d".replace("-", "", 2))

words = line.split()
print("split on whitespace:", words)
print("split on a separator:", "2026-11-22".split("-"), "a,,b".split(","))
print("split at most once:", "key=value=more".split("=", 1))
print("join:", "-".join(words), "|", "".join(["a", "b", "c"]), "|", ", ".join([]))
print("lines:", "one\ntwo\nthree".split("\n"))

name = "report_2026.txt"
print("startswith:", name.startswith("report"), " endswith:", name.endswith(".csv"))
print("endswith a tuple:", name.endswith((".csv", ".txt")))
print("find:", name.find("_"), name.find("zzz"), " count of 2:", name.count("2"))
print("isdigit:", "2026".isdigit(), "20x6".isdigit(), "".isdigit())
print("in operator:", "2026" in name)
print("chaining:", "  MiXeD Case  ".strip().lower().replace(" ", "_"))

# printf-style formatting with %
print("%s is %d years old" % ("Ada", 36))
print("%5d|%-5d|%05d|" % (42, 42, 42))
print("%.3f|%8.2f|%-8.1f|" % (3.14159, 2.5, 2.25))
print("%s and %r" % ("text", "text"), "| hex: %x %X" % (255, 255))
print("percent sign: %d%%" % 50)
print("single value without a tuple: %s" % "works")

# str.format
print("{} + {} = {}".format(1, 2, 1 + 2))
print("{0} {1} {0}".format("ping", "pong"))
print("{name} likes {food}".format(name="Sam", food="soup"))
print("[{:>6}] [{:<6}] [{:^6}] [{:.2f}] [{:04d}]".format("r", "l", "c", 1 / 3, 7))
print("[{:,}] [{!r}]".format(10 ** 9, "quoted"))

# Building a small table with all three styles.
rows = [("widget", 4, 2.5), ("gadget", 12, 0.75), ("doohickey", 1, 19.99)]
print("%-10s %5s %8s" % ("item", "qty", "price"))
for item, qty, price in rows:
    print("%-10s %5d %8.2f" % (item, qty, price))
print("{:-<25}".format(""))
total = 0
for item, qty, price in rows:
    total += qty * price
print(f"{'total':<10} {'':>5} {total:8.2f}")
