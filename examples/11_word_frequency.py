# Lesson 11: a small program - counting words
#
# This program ties the earlier lessons together. It cleans a paragraph of text,
# counts how often each word occurs with a dict, ranks the words with sorted()
# and a key function, and prints a report with aligned columns and a bar chart.
# Read it top to bottom: each function does one job and returns its result, and
# the main part at the bottom only wires them together.

TEXT = """
The cat sat on the mat. The dog sat on the log!
Did the cat see the dog? The dog did not see the cat;
the cat, the dog and the log sat still.
"""

PUNCTUATION = ".,;:!?"


def clean(text):
    """Lower-case the text and drop punctuation."""
    text = text.lower()
    for mark in PUNCTUATION:
        text = text.replace(mark, " ")
    return text


def count_words(words):
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return counts


def ranked(counts):
    # Most frequent first; ties broken alphabetically so the order is fixed.
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def bar(count, scale=1):
    return "#" * (count // scale)


def report(counts, top=6):
    total = sum(counts.values())
    print(f"{len(counts)} distinct words, {total} words in all")
    print(f"{'word':<6} {'count':>5} {'share':>7}  chart")
    for word, count in ranked(counts)[:top]:
        share = count / total
        print(f"{word:<6} {count:>5} {share:>7.1%}  {bar(count)}")
    singles = [word for word, count in counts.items() if count == 1]
    print("seen only once:", ", ".join(sorted(singles)))


def longest_words(words, how_many=3):
    unique = []
    for word in words:
        if word not in unique:
            unique.append(word)
    return sorted(unique, key=len, reverse=True)[:how_many]


if __name__ == "__main__":
    words = clean(TEXT).split()
    counts = count_words(words)
    report(counts)
    print("longest:", longest_words(words))
    first_letters = {}
    for word in words:
        first_letters.setdefault(word[0], []).append(word)
    for letter in sorted(first_letters):
        group = first_letters[letter]
        print(f"  {letter}: {len(group):2d} words, e.g. {group[0]!r}")
