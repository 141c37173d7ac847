# Twenty nested blocks are allowed (an `if` is no block, and a def does not inherit its
# parent's blocks): this runs.


def deep(n):
    total = 0
    a0 = n
    while a0 > 0:
        a0 -= 1
        a1 = n
        while a1 > 0:
            a1 -= 1
            a2 = n
            while a2 > 0:
                a2 -= 1
                a3 = n
                while a3 > 0:
                    a3 -= 1
                    a4 = n
                    while a4 > 0:
                        a4 -= 1
                        a5 = n
                        while a5 > 0:
                            a5 -= 1
                            a6 = n
                            while a6 > 0:
                                a6 -= 1
                                a7 = n
                                while a7 > 0:
                                    a7 -= 1
                                    a8 = n
                                    while a8 > 0:
                                        a8 -= 1
                                        a9 = n
                                        while a9 > 0:
                                            a9 -= 1
                                            a10 = n
                                            while a10 > 0:
                                                a10 -= 1
                                                a11 = n
                                                while a11 > 0:
                                                    a11 -= 1
                                                    a12 = n
                                                    while a12 > 0:
                                                        a12 -= 1
                                                        a13 = n
                                                        while a13 > 0:
                                                            a13 -= 1
                                                            a14 = n
                                                            while a14 > 0:
                                                                a14 -= 1
                                                                a15 = n
                                                                while a15 > 0:
                                                                    a15 -= 1
                                                                    a16 = n
                                                                    while a16 > 0:
                                                                        a16 -= 1
                                                                        a17 = n
                                                                        while a17 > 0:
                                                                            a17 -= 1
                                                                            a18 = n
                                                                            while a18 > 0:
                                                                                a18 -= 1
                                                                                a19 = n
                                                                                while a19 > 0:
                                                                                    a19 -= 1
                                                                                    if total >= 0:
                                                                                        total += 1
    return total


print(deep(1))
