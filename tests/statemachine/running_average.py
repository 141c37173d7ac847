# send(): a running average that receives numbers and answers with the mean so far.
def averager():
    total = 0.0
    count = 0
    mean = None
    while True:
        number = yield mean
        total += number
        count += 1
        mean = total / count

avg = averager()
print(next(avg))
for n in [10, 20, 60, 5]:
    print("sent", n, "mean", avg.send(n))

fresh = averager()
try:
    fresh.send(3)
except TypeError as e:
    print("TypeError:", e)
print(fresh.send(None))
avg.close()
try:
    avg.send(1)
except StopIteration:
    print("closed generators stop")
