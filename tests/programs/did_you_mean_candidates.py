# A NameError suggests one of the function's own parameters and locals: not the
# temporaries peel's desugarer adds (`yield from` keeps its result in one), and not a
# variable only inner functions read (it lives in a cell). Both errors below are
# printed, the first as the context of the second, each without a suggestion.
# peel: same stderr
def numbers(limit):
    yield from range(limit)
    total = 1

    def inner():
        return total

    print(inner())
    try:
        print(resul)
    except NameError:
        print(totl)


values = 1
print(list(numbers(2)))
