#!/usr/bin/env python3
"""pyrun: run a Python program under CPython with time made virtual.

peel's ground truth is CPython, but peel runs asyncio programs on a *virtual*
clock: `await asyncio.sleep(1)` costs no real time, yet the program sees one
second pass. To compare the two, this runner gives CPython the same virtual
clock:

* `VirtualClock` holds the current virtual time in seconds, starting at 0.0.
* `VirtualSelector` wraps the real selector. asyncio's event loop calls
  `select(timeout)` when nothing is ready to run; instead of sleeping for
  `timeout` seconds, we poll without waiting and, if nothing is ready, move the
  clock forward to the loop's next deadline (that is `timeout` ahead).
* `VirtualLoop`, a `SelectorEventLoop`, reads its time from the clock, so its
  timers (`call_later`, `asyncio.sleep`, `wait_for`...) all run on virtual time.
* Timers with equal deadlines fire in the order they were created, as they do on
  a real clock, where the later one's deadline is a few microseconds later.
* If the loop would wait with nothing scheduled (a deadlock: real CPython hangs),
  the runner says so on stderr and does what peel does then: it cancels every
  task still pending, in the order they were created, and lets the loop go on
  (their `finally` blocks run, and `asyncio.run` ends as usual), then exits with
  status 3 as `asyncio.run` returns. A second deadlock exits at once.
* An event loop policy makes `asyncio.run` (and `new_event_loop`) use it; asyncio
  is only set up for programs that mention it (it is slow to import).
* `time.sleep` advances the same clock; `time.time`, `time.monotonic`,
  `time.perf_counter` (and their `_ns` variants) read it.

The program itself runs with `runpy.run_path(path, run_name="__main__")`, so
`__name__` is "__main__". Like `python3 FILE` (since CPython 3.9), `__file__`
and tracebacks show the script's absolute path, whatever path was typed. An
uncaught exception is printed by the interpreter's own `sys.excepthook` after
the runner's frames are cut off, so stderr looks like `python3 FILE`'s and the
exit status is the same (1 after an uncaught exception, SystemExit's code...).

Usage: python3 pyrun.py FILE [ARGS...]

Batch mode, for the differential fuzzer (`tests/fuzz_diff.rs`), which compares
hundreds of thousands of programs and cannot pay CPython's start-up for each:

    python3 pyrun.py --batch [SECONDS]

reads program paths from stdin, one a line, and for each forks a child that runs
it exactly as `pyrun.py FILE` would (its own interpreter state, clock, event
loop and exit; the fork only skips the start-up), with stdout and stderr in
temporary files and a limit of SECONDS (default 20) of real time. For each
program it writes to stdout one record:

    status N\n          (N: the exit status, or -SIGNAL when killed, e.g. -14
                        when the time limit struck)
    stdout LEN\n<LEN bytes>
    stderr LEN\n<LEN bytes>
    end\n

and flushes, so the caller can interleave writing paths and reading records.
"""

import os
import runpy
import sys
import time
import types
import weakref

# Deadlines closer than this to "now + timeout" are treated as exactly reached,
# so float rounding in `now + (when - now)` never leaves the clock a hair short.
_SNAP = 1e-6


class VirtualClock:
    def __init__(self):
        self.now = 0.0

    def advance(self, seconds):
        self.now += seconds


CLOCK = VirtualClock()


class Deadlock:
    seen = False


DEADLOCK = Deadlock()

# The exit status of a run that deadlocked (peel's `DEADLOCK_STATUS`).
DEADLOCK_STATUS = 3


def _exit_deadlocked():
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(DEADLOCK_STATUS)


def install_asyncio():
    """Makes asyncio.run and new_event_loop use a loop on the virtual clock."""
    import asyncio
    import heapq
    import itertools
    import selectors

    class VirtualSelector(selectors.DefaultSelector):
        """A selector that never blocks: waiting is replaced by moving the clock."""

        def __init__(self):
            super().__init__()
            self.loop = None

        def select(self, timeout=None):
            # Whatever is ready right now (the loop's self-pipe, for instance).
            ready = super().select(0)
            if ready or timeout is not None and timeout <= 0:
                return ready
            if timeout is None:
                # Nothing scheduled and nothing ready: real CPython would wait forever.
                sys.stdout.flush()
                if DEADLOCK.seen:
                    _exit_deadlocked()
                DEADLOCK.seen = True
                sys.stderr.write(
                    "pyrun: the event loop would wait forever (nothing is scheduled);"
                    " cancelling the tasks\n"
                )
                sys.stderr.flush()
                for made in self.loop.tasks_made:
                    task = made()
                    if task is not None and not task.done():
                        task.cancel()
                return ready
            target = CLOCK.now + timeout
            scheduled = getattr(self.loop, "_scheduled", None)
            if scheduled:
                when = scheduled[0].when()
                if abs(when - target) < _SNAP:
                    target = when
            CLOCK.now = max(CLOCK.now, target)
            return []

    class _OrderedTimer(asyncio.TimerHandle):
        """A timer that, on equal deadlines, fires in the order it was created.

        With a real clock two `sleep(1)` calls made one after the other get deadlines
        a few microseconds apart, so they fire in creation order. On the virtual clock
        both deadlines are equal, and the loop's heap alone would not keep that order.
        """

        _counter = itertools.count()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._seq = next(self._counter)

        def __lt__(self, other):
            if isinstance(other, _OrderedTimer) and self._when == other._when:
                return self._seq < other._seq
            return super().__lt__(other)

    # The program must not see the runner: its timers print and name themselves as the
    # `TimerHandle`s a real loop makes (`repr(loop.call_later(...))`, `type(h).__name__`).
    _OrderedTimer.__name__ = _OrderedTimer.__qualname__ = "TimerHandle"

    class VirtualLoop(asyncio.SelectorEventLoop):
        def __init__(self):
            selector = VirtualSelector()
            super().__init__(selector)
            selector.loop = self
            self.tasks_made = []
            # The clock is exact: a timer is due once the clock has reached it.
            self._clock_resolution = 1e-9

        def time(self):
            return CLOCK.now

        def create_task(self, coro, **kwargs):
            # Every task, in the order it was made (weakly: the list must not keep
            # one alive), for the cancellation at a deadlock.
            task = super().create_task(coro, **kwargs)
            self.tasks_made.append(weakref.ref(task))
            return task

        def call_at(self, when, callback, *args, context=None):
            # BaseEventLoop.call_at, with timers that keep creation order on ties.
            if when is None:
                raise TypeError("when cannot be None")
            self._check_closed()
            if self._debug:
                self._check_thread()
                self._check_callback(callback, "call_at")
            timer = _OrderedTimer(when, callback, args, self, context)
            if timer._source_traceback:
                del timer._source_traceback[-1]
            heapq.heappush(self._scheduled, timer)
            timer._scheduled = True
            return timer

    class VirtualPolicy(asyncio.DefaultEventLoopPolicy):
        def new_event_loop(self):
            return VirtualLoop()

    asyncio.set_event_loop_policy(VirtualPolicy())

    # A deadlock's cancellations end with the `asyncio.run` they happened in: the program
    # stops there, however that run ended.
    original_run = asyncio.run

    def run(main, *, debug=None):
        try:
            return original_run(main, debug=debug)
        finally:
            if DEADLOCK.seen:
                _exit_deadlocked()

    # The program must not see the runner: `asyncio.run()` with no argument names `run`.
    run.__qualname__ = original_run.__qualname__
    run.__doc__ = original_run.__doc__
    asyncio.run = asyncio.runners.run = run


def _sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    CLOCK.advance(seconds)


def _now():
    return CLOCK.now


def _now_ns():
    return int(CLOCK.now * 1_000_000_000)


def install_time():
    time.sleep = _sleep
    for name in ("time", "monotonic", "perf_counter"):
        setattr(time, name, _now)
        setattr(time, name + "_ns", _now_ns)


# Recursion levels runpy.run_path adds between its caller and the program: three
# Python frames (run_path, _run_module_code, _run_code) and the C call to exec().
RUNPY_FRAMES = 4


def _runner_depth():
    """How many Python frames are on the stack of this function's caller."""
    depth = 0
    frame = sys._getframe(1)
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


def _program_traceback(tb):
    """Drops the runner's and runpy's frames from the front of a traceback."""
    hidden = {os.path.abspath(__file__), os.path.abspath(runpy.__file__), "<frozen runpy>"}
    while tb is not None and tb.tb_frame.f_code.co_filename in hidden:
        tb = tb.tb_next
    return tb


def _stay_as_main(program_globals):
    """Makes the program's globals `sys.modules['__main__']`'s, as `python3 FILE` keeps
    them until the interpreter clears its modules at exit: what they hold is finalized
    only then, where no frame runs (a "never awaited" warning says `sys:1` and, with the
    import system gone, suggests no tracemalloc). Without this, the namespace runpy made
    would go earlier, with the first collection at exit."""
    module = types.ModuleType("__main__")
    module.__dict__.update(program_globals)
    sys.modules["__main__"] = module


def _keep_globals(tb):
    """`_stay_as_main` for the globals of the program's module frame in a traceback."""
    tb = _program_traceback(tb)
    if tb is not None:
        _stay_as_main(tb.tb_frame.f_globals)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: pyrun.py FILE [ARGS...]\n")
        return 2
    # `python3 FILE` makes the main script's path absolute (__file__, tracebacks).
    path = os.path.abspath(argv[1])
    sys.argv = argv[1:]
    # Like `python3 FILE`: imports resolve next to the program, not next to the runner.
    sys.path[0] = os.path.dirname(path)
    install_time()
    # Importing asyncio costs a third of CPython's start-up: only programs that
    # mention it get it (peel programs can reach asyncio only by importing it).
    try:
        with open(path, "rb") as f:
            uses_asyncio = b"asyncio" in f.read()
    except OSError:
        uses_asyncio = False  # runpy reports the missing file like python3 does
    if uses_asyncio:
        install_asyncio()
    # The runner's and runpy's frames sit below the program's: raise the recursion
    # limit by as many, so RecursionError strikes at the same depth as `python3 FILE`.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + _runner_depth() + RUNPY_FRAMES)
    try:
        _stay_as_main(runpy.run_path(path, run_name="__main__"))
    except SystemExit as exit:
        _keep_globals(exit.__traceback__)
        raise
    except BaseException as error:  # what `python3 FILE` would report
        tb = _program_traceback(error.__traceback__)
        error.__traceback__ = tb
        _keep_globals(tb)
        # `python3 FILE` reports from no frame at all, with the default limit: give the
        # hook the same room (its printer takes a level per exception of the chain).
        sys.setrecursionlimit(limit + _runner_depth())
        # What the interpreter's `PyErr_Print` does: the traceback (and whatever its
        # frames hold) stays alive in `sys.last_traceback` until the interpreter ends.
        sys.last_type, sys.last_value, sys.last_traceback = type(error), error, tb
        sys.excepthook(type(error), error, tb)
        return 1
    return 0


def batch(argv):
    """`--batch [SECONDS]`: runs every program named on stdin in a forked child.

    Returns `None` in the parent when stdin ends, and in a child the program's exit
    status, which the caller hands to `sys.exit` exactly as for `pyrun.py FILE`, so a
    child ends as that would (interpreter shutdown, finalizers and all)."""
    import signal
    import tempfile

    seconds = int(argv[2]) if len(argv) > 2 else 20
    # What most programs import anyway, loaded once in the parent so children start warm
    # (`install_asyncio` still only runs in the children of programs that mention it).
    import asyncio  # noqa: F401
    import heapq  # noqa: F401
    import selectors  # noqa: F401
    import gc

    # What the parent holds is never collected by a child: without this, each child's
    # interpreter shutdown walks (and so copies) every page of it, ten times the cost of a
    # short program.
    gc.freeze()

    records = sys.stdout.buffer
    scratch = tempfile.mkdtemp(prefix="pyrun-batch-")
    out_path = os.path.join(scratch, "stdout")
    err_path = os.path.join(scratch, "stderr")
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            signal.alarm(seconds)
            for fd, name in ((1, out_path), (2, err_path)):
                target = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(target, fd)
                os.close(target)
            sys.stdin = open(os.devnull)
            return main([argv[0], path])
        _, wait_status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(wait_status):
            status = -os.WTERMSIG(wait_status)
        else:
            status = os.WEXITSTATUS(wait_status)
        parts = [b"status %d\n" % status]
        for name, label in ((out_path, b"stdout"), (err_path, b"stderr")):
            try:
                with open(name, "rb") as f:
                    data = f.read()
            except OSError:
                data = b""
            parts.append(b"%s %d\n" % (label, len(data)))
            parts.append(data)
        parts.append(b"end\n")
        records.write(b"".join(parts))
        records.flush()
    for name in (out_path, err_path):
        if os.path.exists(name):
            os.remove(name)
    os.rmdir(scratch)
    return None


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--batch":
        status = batch(sys.argv)
        if status is None:
            sys.exit(0)
    else:
        status = main(sys.argv)
    sys.stdout.flush()
    sys.exit(status)
