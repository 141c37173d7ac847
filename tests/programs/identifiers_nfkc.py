# Identifiers are NFKC-normalised (PEP 3131): the ligature "ﬁ" is the name "fi", a
# fullwidth letter is its ASCII letter, and so on. The traceback still shows the source.
ﬁ = 3
print(fi)
ａ = "fullwidth"
print(a)


def ﬁnd(ｘ):
    return x * 2


print(find(4))
Å = 1
print(Å)
print(f"{ﬁ + 1}")
print(undefined_ﬁ)
