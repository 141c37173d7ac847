# Valid Python that peel rejects: time.strftime needs the real calendar; peel's time is a
# virtual clock.
import time as clock

print("now")
print(clock.strftime("%H:%M"))
