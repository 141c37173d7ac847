# str methods: split/strip/join/replace corner cases.
print("  a  b   c ".split(), "a,b,,c,".split(","), "".split(), "".split(","))
print("a b c d".split(" ", 2), "x".split("x"), "aXbXc".split("X", 1))
print(repr("\t pad \n".strip()), "xxaxx".lstrip("x"), "xxaxx".rstrip("x"), "abc".strip("cab"))
print("-".join("abc"), "".join([]), ", ".join(["one"]), "ab".join(["1", "2", "3"]))
try:
    "-".join([1, 2])
except TypeError as e:
    print("TypeError:", e)
print("aaa".replace("a", "b", 2), "abc".replace("", "-"), "hello".replace("l", ""))
print("Hello".upper(), "HeLLo".lower(), "hello world".title(), "ß".upper())
print("abcabc".find("c"), "abcabc".find("c", 3), "abc".find("z"), "abcabc".count("bc"), "aaaa".count("aa"))
print("abc".startswith(""), "abc".startswith(("x", "a")), "abc".endswith("bc"), "".endswith(""))
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), "  ".isspace(), "Ab".islower())
print("abc" * 0, "ab" * 2, 3 * "x", "a" + "b" + "c", "abc" < "abd", "B" < "a")
print(len("héllo"), "héllo"[1], repr("quote's"), repr('dq"s'), repr("both'\""), repr("nl\n\ttab\\"))
print(str(12), str([1, "a"]), repr([1, "a"]), str(("x",)), str(None))
print("%s|%5s|%-5s|%.2s" % ("x", "y", "z", "long"), "{}{}".format(1, [2]))
print("a\tb".split("\t"), "line1\nline2\n".split("\n"), ord("a"), chr(98))
