# Lesson 44: a simultaneous chess exhibition
#
# A chess master plays 24 amateurs. She needs 5 seconds to choose a move; each
# amateur needs 55 seconds to answer. A game lasts 30 move pairs (her move,
# then the reply).
#
# One board at a time, she sits through every reply: 30 x (5 + 55) seconds is
# half an hour per game, twelve hours for 24 games. Yet she is busy for only
# 5 of every 60 seconds; the rest is waiting. So she plays all boards at
# once: she moves on board 1, walks to board 2 while amateur 1 thinks, and so
# on. After 24 boards x 5 s = 120 s she is back at board 1, whose reply has
# long been ready. Thirty rounds of 120 s: about an hour.
#
# Her thinking is time.sleep(5): it blocks, as she cannot think about two
# boards at once (lesson 43); an amateur's is `await asyncio.sleep(55)`.
#   peel run --timeline examples/44_chess_exhibition.py
# shows main() alone for twelve hours (each game runs inside it, one board at
# a time), then the 24 game tasks side by side in the last hour: each row says
# its game was busy 2m30s, 4% of its life, and waited the rest.

import asyncio
import time

BOARDS = 24
MASTER_SECONDS = 5
AMATEUR_SECONDS = 55
MOVE_PAIRS = 30

def clock_text(seconds):
    # 3655 seconds -> "1 h 00 min 55 s"
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours} h {minutes:02d} min {secs:02d} s"

async def game(board, finished):
    for pair in range(MOVE_PAIRS):
        time.sleep(MASTER_SECONDS)            # the master thinks: nobody else moves
        await asyncio.sleep(AMATEUR_SECONDS)  # the amateur thinks: the master walks on
    finished.append((board, time.perf_counter()))

async def one_board_at_a_time():
    finished = []
    start = time.perf_counter()
    for board in range(1, BOARDS + 1):
        await game(board, finished)
    return time.perf_counter() - start, finished, start

async def all_boards_at_once():
    finished = []
    start = time.perf_counter()
    await asyncio.gather(*[game(board, finished) for board in range(1, BOARDS + 1)])
    return time.perf_counter() - start, finished, start

def report(title, result):
    total, finished, start = result
    first_board, first_time = finished[0]
    last_board, last_time = finished[-1]
    print(title)
    print(f"  first game over: board {first_board} after {clock_text(first_time - start)}")
    print(f"  last game over:  board {last_board} after {clock_text(last_time - start)}")
    print(f"  whole exhibition: {clock_text(total)}")
    return total

async def main():
    per_game = MOVE_PAIRS * (MASTER_SECONDS + AMATEUR_SECONDS)
    print(f"{BOARDS} boards, {MOVE_PAIRS} move pairs, one game = {clock_text(per_game)}")
    print(f"the master is busy {MASTER_SECONDS} s of every "
          f"{MASTER_SECONDS + AMATEUR_SECONDS} s of a game")
    slow = report("one board at a time:", await one_board_at_a_time())
    fast = report("all boards at once:", await all_boards_at_once())
    print(f"concurrency made it {slow / fast:.1f} times faster")

    # Why about an hour: one round of visits takes BOARDS x MASTER_SECONDS,
    # longer than an amateur's reply, so the master never waits between boards.
    round_trip = BOARDS * MASTER_SECONDS
    print(f"one round of visits: {round_trip} s (an amateur needs {AMATEUR_SECONDS} s)")
    print(f"{MOVE_PAIRS} rounds: {clock_text(MOVE_PAIRS * round_trip)}, "
          f"plus the last reply: {clock_text(MOVE_PAIRS * round_trip + AMATEUR_SECONDS)}")

asyncio.run(main())
