#!/usr/bin/env python3
"""Side-by-side benchmarks: peel against CPython (python3) on the same programs.

What it measures
    Each benchmark is a small Python program in this folder (every benches/*.py
    except this runner). The runner builds peel once (`cargo build --release`),
    then runs `target/release/peel run FILE` and `python3 FILE` alternately,
    N times each (`--runs N`, default 5), and takes the median of:
      * wall-clock seconds, from process start to exit (so start-up is included,
        the same for both: the few milliseconds an interpreter needs to start);
      * peak resident memory (max RSS) of the process, from the kernel's rusage
        for that one child, as GNU time reports it (see find_gnu_time for why
        not os.wait4 here; without GNU time, memory shows as "-").
    Both must exit 0 and print identical stdout on every run: peel's promise is to
    print byte for byte what CPython prints. A mismatch or a failure is an error,
    reported loudly, and makes the runner exit with status 1.

How to read the table
    "speed" is python3's median time divided by peel's: "3.4x faster" means peel
    took under a third of python3's time; "0.8x (slower)" means peel is slower.
    "target" is the speed-up an issue asks for (issue 3: gen_pipeline >= 3x;
    issue 4: task_switch >= 5x, many_tasks faster than python3).
    For benchmarks that hold many objects alive at once (many_tasks), the runner
    also reports memory per item: (peak RSS of the benchmark - peak RSS of an
    empty program) / item count, in bytes, for each interpreter. Issue 4 asks for
    at most 300 bytes per suspended task; CPython needs about 1,700.
    Times are noisy on a busy machine: compare ratios from one run of this script,
    never figures from different runs, and look at the load average it prints.

Usage
    python3 benches/run.py                       # every benchmark, 5 runs each
    python3 benches/run.py gen_pipeline --runs 9 # chosen benchmarks
    python3 benches/run.py --check               # run each once, compare outputs only
    python3 benches/run.py --per-item many_tasks=200000
    python3 benches/run.py compile_20k compile_40k

Compile pairs
    compile_20k and compile_40k time `peel check FILE` (parse, check, desugar, CFG,
    liveness, state machines: everything before running) against
    `python3 -m py_compile FILE` (CPython's parse and bytecode compiler) on a program
    of 20,000 and 40,000 lines that benches/compile/generate.py writes at bench time
    (functions, generators, coroutines, loops, try/finally, comprehensions). Issue 14
    asks that peel be at least as fast as py_compile on 20,000 lines, and that 40,000
    lines take peel at most 2.2 times as long as 20,000 (compile time linear in the
    program's size); the runner prints that ratio under the table.
"""

import argparse
import difflib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
PEEL = REPO / "target" / "release" / "peel"

# Compile benchmarks: name -> lines of the program benches/compile/generate.py writes.
COMPILE = {"compile_20k": 20_000, "compile_40k": 40_000}

# The most peel's time on the second may be of its time on the first.
SCALING_TARGETS = [("compile_40k", "compile_20k", 2.2)]

# Benchmarks whose memory is also reported per item: name -> (count, unit).
PER_ITEM = {"many_tasks": (200_000, "task")}

# Speed-ups the issues ask for (python3 time / peel time). Shown, never enforced:
# this is a benchmark, not a test.
SPEED_TARGETS = {"gen_pipeline": 3.0, "task_switch": 5.0, "many_tasks": 1.0, "compile_20k": 1.0}

# Most bytes per item the issues allow.
MEMORY_TARGETS = {"many_tasks": 300}

# Things a reader must know to read a benchmark's figures.
NOTES = {
    "compile_20k": "peel check against python3 -m py_compile on a generated program "
    "(benches/compile/generate.py); both compile only, neither runs it.",
    "many_tasks": "python3 really sleeps: its time includes about 1 s of (concurrent) "
    "asyncio.sleep(1); peel's clock is virtual, so its sleep costs nothing.",
}


def command_output(argv, cwd=None):
    try:
        return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


@dataclass
class Run:
    """One finished process."""

    exit_code: int  # negative: killed by that signal
    timed_out: bool
    stdout: bytes
    stderr: bytes
    seconds: float
    max_rss: int  # bytes, or None when it cannot be measured

    @property
    def ok(self):
        return self.exit_code == 0 and not self.timed_out

    def failure(self):
        """Why this run failed, in one line (the last line of stderr says most)."""
        if self.timed_out:
            return f"timed out after {self.seconds:.1f} s"
        lines = self.stderr.decode(errors="replace").strip().splitlines()
        last = lines[-1] if lines else "(no stderr)"
        if self.exit_code < 0:
            return f"killed by signal {-self.exit_code}: {last}"
        return f"exit {self.exit_code}: {last}"


def find_gnu_time():
    """Peak memory comes from GNU time's rusage of its child, not from our own
    os.wait4: Linux carries a forking parent's memory high-water mark into the
    child across exec, so a child of this Python script never reports less than
    the script's own peak (about 16 MiB), whatever it runs. GNU time is a small C
    program, so the floor it adds is about 2 MiB, below any interpreter's."""
    time_path = shutil.which("time") or "/usr/bin/time"
    version = command_output([time_path, "--version"]) or ""
    return time_path if "GNU" in version else None


GNU_TIME = find_gnu_time()


def run_once(argv, timeout):
    """Run argv in benches/, measuring wall time and the child's own peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as stats:
        if GNU_TIME:
            argv = [GNU_TIME, "-f", "%M", "-o", stats.name, *argv]
        start = time.perf_counter()
        # A session of its own, so a timeout kills the benchmark, not only `time`.
        proc = subprocess.Popen(argv, cwd=BENCH_DIR, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
        # A blocking wait, with a timer to kill a runaway: `proc.wait(timeout)` polls with
        # growing sleeps, which would round every measurement up to its polling steps.
        killed = threading.Event()

        def kill():
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        watchdog = threading.Timer(timeout, kill)
        watchdog.start()
        proc.wait()
        seconds = time.perf_counter() - start
        watchdog.cancel()
        timed_out = killed.is_set()
        exit_code, max_rss = proc.returncode, None
        if GNU_TIME:
            # The last line is the peak in KiB; a line before it may say
            # "Command terminated by signal N" (then time itself exits 128 + N).
            words = stats.read().split()
            if words and words[-1].isdigit():
                max_rss = int(words[-1]) * 1024
            if "signal" in words:
                exit_code = -int(words[words.index("signal") + 1])
        out.seek(0)
        err.seek(0)
        return Run(exit_code, timed_out, out.read(), err.read(), seconds, max_rss)


@dataclass
class Result:
    """Every run of one benchmark, and what went wrong."""

    name: str
    peel: list
    python: list
    errors: list

    @property
    def mismatch(self):
        return any(e.startswith("OUTPUT MISMATCH") for e in self.errors)

    def median(self, runs, field):
        values = [getattr(r, field) for r in runs]
        return statistics.median(values) if values and None not in values else None


def commands_for(name, generated):
    """The two commands of a benchmark: run the program, or for a compile pair, compile
    the generated program only (`generated`: the folder it was written to)."""
    if name in COMPILE:
        file = str(generated / f"{name}.py")
        return {"peel": [str(PEEL), "check", file], "python3": ["python3", "-m", "py_compile", file]}
    file = f"{name}.py"
    return {"peel": [str(PEEL), "run", file], "python3": ["python3", file]}


def generate_compile_programs(names, folder):
    """Writes the program of each compile pair among `names` into `folder`."""
    for name in names:
        if name in COMPILE:
            subprocess.run(
                [sys.executable, str(BENCH_DIR / "compile" / "generate.py"), str(COMPILE[name]),
                 str(folder / f"{name}.py")],
                check=True,
            )


def bench(name, runs, timeout, generated):
    """Run one benchmark `runs` times under each interpreter, alternating."""
    commands = commands_for(name, generated)
    done = {"peel": [], "python3": []}
    failed = set()
    errors = []
    for i in range(runs):
        # Alternate who goes first, so neither always runs on a warmer machine.
        order = ["peel", "python3"] if i % 2 == 0 else ["python3", "peel"]
        for who in order:
            if who in failed:
                continue
            run = run_once(commands[who], timeout)
            if run.ok:
                done[who].append(run)
            else:
                failed.add(who)
                errors.append(f"{who} failed: {run.failure()}")
        if "python3" in failed:
            break  # no oracle: the benchmark itself is broken
    errors += compare_outputs(done["peel"], done["python3"])
    return Result(name, done["peel"], done["python3"], errors)


def compare_outputs(peel_runs, python_runs):
    """Every run of both must print what python3's first run printed."""
    if not python_runs:
        return []
    expected = python_runs[0].stdout
    for who, runs, first in (("python3", python_runs[1:], 2), ("peel", peel_runs, 1)):
        for number, run in enumerate(runs, first):
            if run.stdout != expected:
                diff = difflib.unified_diff(
                    expected.decode(errors="replace").splitlines(),
                    run.stdout.decode(errors="replace").splitlines(),
                    "python3 (run 1)",
                    f"{who} (run {number})",
                    lineterm="",
                    n=1,
                )
                shown = "\n".join(f"    {line}" for line in list(diff)[:20])
                return [f"OUTPUT MISMATCH ({who} vs python3):\n{shown}"]
    return []


def empty_program_rss(runs, timeout):
    """Median peak RSS of an empty program under each interpreter: the floor that
    per-item memory is measured above."""
    with tempfile.NamedTemporaryFile("w", suffix=".py") as empty:
        rss = {}
        for who, argv in (("peel", [str(PEEL), "run", empty.name]), ("python3", ["python3", empty.name])):
            measured = [run_once(argv, timeout) for _ in range(runs)]
            good = [r.max_rss for r in measured if r.ok and r.max_rss is not None]
            rss[who] = statistics.median(good) if good else None
        return rss


def machine_description():
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    python = command_output(["python3", "-c", "import sys; print(sys.version.split()[0])"])
    commit = command_output(["git", "rev-parse", "--short", "HEAD"], cwd=REPO)
    lines = [
        f"machine: {cpus} CPUs" + (f" ({model})" if model else "") + f", {sys.platform}"
        + (f", load average {load:.2f}" if load is not None else ""),
        f"python3: {python or 'not found'} ({shutil.which('python3')})",
        f"peel:    {PEEL.relative_to(REPO)} at commit {commit or 'unknown'}",
        f"memory:  " + (f"peak RSS measured by {GNU_TIME}" if GNU_TIME
                        else "not measured: GNU time not found (Debian/Ubuntu: apt install time)"),
    ]
    return "\n".join(lines)


def format_seconds(value):
    return "-" if value is None else f"{value:.3f}"


def format_mib(value):
    return "-" if value is None else f"{value / 2**20:.1f} MiB"


def format_speed(peel, python):
    if peel is None or python is None:
        return "-"
    ratio = python / peel
    return f"{ratio:.1f}x faster" if ratio >= 1 else f"{ratio:.1f}x (slower)"


def format_target(name, peel, python):
    target = SPEED_TARGETS.get(name)
    if target is None:
        return ""
    wanted = f">= {target:g}x" if target > 1 else "> 1x"
    if peel is None or python is None:
        return f"{wanted}: n/a"
    ratio = python / peel
    met = ratio >= target if target > 1 else ratio > 1
    return f"{wanted}: {'met' if met else 'NOT met'}"


def print_table(rows, header):
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    for k, row in enumerate([header] + rows):
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


def report(results, runs, per_item, empty_rss):
    print(f"\nmedians of {runs} run(s) each, peel and python3 alternating; speed = python3 time / peel time\n")
    rows = []
    for r in results:
        peel_s, py_s = r.median(r.peel, "seconds"), r.median(r.python, "seconds")
        rows.append([
            r.name,
            "failed" if not r.peel else format_seconds(peel_s),
            "failed" if not r.python else format_seconds(py_s),
            "MISMATCH" if r.mismatch else format_speed(peel_s, py_s),
            "" if r.mismatch else format_target(r.name, peel_s, py_s),
            format_mib(r.median(r.peel, "max_rss")),
            format_mib(r.median(r.python, "max_rss")),
        ])
    print_table(rows, ["benchmark", "peel s", "python3 s", "speed", "target", "peel max RSS", "python3 max RSS"])

    per_item_results = [r for r in results if r.name in per_item]
    if per_item_results:
        print("\nmemory per item = (max RSS of the benchmark - max RSS of an empty program) / item count")
        print(f"  empty program: peel {format_mib(empty_rss['peel'])}, python3 {format_mib(empty_rss['python3'])}")
        for r in per_item_results:
            count, unit = per_item[r.name]
            parts = []
            for who, runs_ in (("peel", r.peel), ("python3", r.python)):
                rss, floor = r.median(runs_, "max_rss"), empty_rss[who]
                value = "-" if rss is None or floor is None else f"{(rss - floor) / count:,.0f} bytes/{unit}"
                parts.append(f"{who} {value}")
            target = MEMORY_TARGETS.get(r.name)
            wanted = f"  (target: peel at most {target} bytes/{unit})" if target else ""
            print(f"  {r.name} ({count:,} {unit}s): " + ", ".join(parts) + wanted)

    by_name = {r.name: r for r in results}
    scaling = [(big, small, limit) for big, small, limit in SCALING_TARGETS if big in by_name and small in by_name]
    if scaling:
        print("\nscaling: peel's median time on the larger program / on the smaller")
        for big, small, limit in scaling:
            t_big, t_small = (by_name[n].median(by_name[n].peel, "seconds") for n in (big, small))
            if t_big is None or t_small is None:
                print(f"  {big} / {small}: n/a")
                continue
            ratio = t_big / t_small
            print(f"  {big} / {small}: {ratio:.2f}x (target: at most {limit:g}x: {'met' if ratio <= limit else 'NOT met'})")

    notes = [f"  {r.name}: {NOTES[r.name]}" for r in results if r.name in NOTES]
    if notes:
        print("\nnotes:")
        print("\n".join(notes))


def report_check(results):
    print()
    for r in results:
        print(f"{r.name:<16} {'FAILED (errors below)' if r.errors else 'ok: identical output'}")


def benchmark_names(args):
    available = sorted([p.stem for p in BENCH_DIR.glob("*.py") if p.name != Path(__file__).name] + list(COMPILE))
    if not args:
        return available
    names = []
    for arg in args:
        name = Path(arg).stem
        if name not in available:
            sys.exit(f"run.py: no benchmark named {arg!r}; there are: {', '.join(available)}")
        names.append(name)
    return names


def parse_per_item(values):
    per_item = dict(PER_ITEM)
    for value in values:
        name, sep, count = value.partition("=")
        if not sep or not count.replace("_", "").isdigit() or int(count) <= 0:
            sys.exit(f"run.py: --per-item wants NAME=COUNT, got {value!r}")
        per_item[Path(name).stem] = (int(count), "item")
    return per_item


def main():
    parser = argparse.ArgumentParser(
        description="Run the benchmarks under peel and python3, side by side.",
        epilog="See the docstring of this file and benches/README.md for how to read the output.",
    )
    parser.add_argument("benchmarks", nargs="*", help="benchmark names (default: every benches/*.py)")
    parser.add_argument("--runs", type=int, default=5, help="runs per interpreter (default 5)")
    parser.add_argument("--check", action="store_true", help="run each once and only compare outputs")
    parser.add_argument(
        "--per-item", action="append", default=[], metavar="NAME=COUNT",
        help="also report memory per item for NAME (built in: many_tasks=200000)",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run is killed (default 300)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    names = benchmark_names(args.benchmarks)
    per_item = parse_per_item(args.per_item)
    runs = 1 if args.check else args.runs

    print(machine_description())
    print("building peel: cargo build --release", flush=True)
    if subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO).returncode != 0:
        sys.exit("run.py: cargo build --release failed")

    generated = Path(tempfile.mkdtemp(prefix="peel-bench-"))
    generate_compile_programs(names, generated)
    results = []
    for k, name in enumerate(names, 1):
        print(f"[{k}/{len(names)}] {name}: {runs} run(s) each ...", file=sys.stderr, flush=True)
        result = bench(name, runs, args.timeout, generated)
        for error in result.errors:
            print(f"  {name}: {error}", file=sys.stderr, flush=True)
        results.append(result)

    if args.check:
        report_check(results)
    else:
        wanted = any(r.name in per_item for r in results)
        empty_rss = empty_program_rss(runs, args.timeout) if wanted else None
        report(results, runs, per_item, empty_rss)

    shutil.rmtree(generated, ignore_errors=True)
    failures = [(r.name, e) for r in results for e in r.errors]
    if failures:
        print(f"\n{len(failures)} ERROR(S): a benchmark failed or printed different output")
        for name, error in failures:
            print(f"  {name}: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
