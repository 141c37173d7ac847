# CPython allows at most 20 blocks (loops, try bodies and handlers, finally, with) nested
# in one function; the 21st is 'too many statically nested blocks', before anything runs.
# An except body counts as two: here ten nested handlers and a loop inside them.
print("never printed")


def deep(y):
    try:
        y()
    except ValueError:
        try:
            y()
        except ValueError:
            try:
                y()
            except ValueError:
                try:
                    y()
                except ValueError:
                    try:
                        y()
                    except ValueError:
                        try:
                            y()
                        except ValueError:
                            try:
                                y()
                            except ValueError:
                                try:
                                    y()
                                except ValueError:
                                    try:
                                        y()
                                    except ValueError:
                                        try:
                                            y()
                                        except ValueError:
                                            for x in y:
                                                print(x)
