# Runtime error: reading past the end of a list.
scores = [3, 5, 8]
for i in range(4):
    print(i, scores[i])
