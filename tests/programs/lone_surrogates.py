# A str may hold a lone surrogate: it has a code point, a repr and a length, but UTF-8
# cannot encode it, so printing it or encoding it fails as CPython's strict encoder does.
s = chr(0xD800)
print(len(s), ord(s), repr(s), ascii(s))
t = "a\udc00b\ud83d\ude00"
print(len(t), [hex(ord(c)) for c in t], repr(t))
print(repr("%c" % 0xDFFF), repr("{:c}".format(0xDABC)))
print(s == "\ud800", s < "\ue000", "\ud7ff" < s, "x" + s + "y" == "x\ud800y")
print(sorted(["\ue000", s, "\U0001f600", "z"]) == ["z", s, "\ue000", "\U0001f600"], max(s, "\ue000") == "\ue000")
try:
    "ok\ud800".encode()
except UnicodeEncodeError as e:
    print("encode:", e)
try:
    "ab\ud800\udfffc".encode("utf-8")
except UnicodeEncodeError as e:
    print("encode:", e)
try:
    print("before", s, "after")
except UnicodeEncodeError as e:
    print("print:", e)
print("one", "two\ud800three")
