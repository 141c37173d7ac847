# Error: 'break' only makes sense inside a for or while loop.
def stop_early(x):
    if x > 3:
        break
    return x
