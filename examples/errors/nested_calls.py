# Runtime error: an exception raised three calls deep, never caught.
def parse(text):
    return int(text)


def load(lines):
    return [parse(line) for line in lines]


def main():
    print(load(["1", "2"]))
    print(load(["3", "four"]))


main()
