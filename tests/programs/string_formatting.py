# f-string, format() and % edge cases.
n = 42
x = 3.14159
s = "hi"
print(f"{n}|{n!r}|{s!r}|{s!s}|{n:>6}|{n:<6}|{n:^6}|{n:06}|{n:+}|{-n:05}")
print(f"{x:.0f}|{x:.1f}|{x:10.4f}|{x:<10.2f}|{x:e}|{x:.2e}|{x:g}|{1e20:g}|{0.0001:g}")
print(f"{1234567.891:,.2f}|{1234567:_}|{0.5:%}|{0.125:.1%}|{255:#x}|{255:o}|{5:b}")
print(f"{s:*>5}|{s:*<5}|{s:*^5}|{s:*^6}|{'':->4}|{s:3}|{s:.1}")
print(f"{'nested ' + s.upper()}|{[1, 2][0]}|{ {'k': 7}['k'] }|{(lambda: 3)()}")
width, prec = 8, 3
print(f"[{x:{width}.{prec}f}]", f"[{n:{'>'}{width}}]")
print("%d %i %s %r %5.1f %-5s| %x %o %e %%" % (7, 8, "s", "r", 2.25, "ab", 255, 8, 12345.678))
print("%s" % (1,), "%s|%s" % ("a", [1]), "%.2f%%" % 12.345, "%+d" % 5, "%3s|" % "toolong")
print("{:>5}|{:^7.2f}|{!r:>6}".format("ab", 1.005, "q"))
print("{a}-{b}-{a}".format(a=1, b=2), "{0}{1}{0}".format("x", "y"), "{{}}".format())
print(format(3.5, ".2f"), format(12, "04d"), format("s", ">3"), format(1e6, ","))
print(str(True), f"{True}", f"{None}", f"{[1, 'a']}", f"{(1,)}", f"{ {'a': 1} }")
print(f"{3.0:.0f}|{2.5:.0f}|{0.5:.0f}|{1.5:.0f}|{-0.5:.0f}|{2.675:.2f}")
