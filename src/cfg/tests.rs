//! The lowering, checked on printed CFGs (read them: they are the documentation of the
//! IR's conventions) and on the IR's invariants over a set of varied programs.

use crate::parser::parse_module;
use crate::resolve::resolve;
use crate::span::SourceFile;

use super::*;

fn lower(src: &str) -> Program {
    let module = parse_module(src).unwrap_or_else(|d| panic!("parse error: {}", d.message));
    let scopes = resolve(&module).unwrap_or_else(|d| panic!("resolve error: {}", d.message));
    let program = build(&module, &scopes);
    if let Err(e) = validate(&program) {
        panic!(
            "invalid IR: {e}\n{}",
            print(&program, &SourceFile::new("t.py", src))
        );
    }
    program
}

fn printed(src: &str) -> String {
    print(&lower(src), &SourceFile::new("t.py", src))
}

/// A `while` loop is a test block that jumps back to itself; `else` runs when the test fails.
#[test]
fn while_else_countdown() {
    let src = r#"def countdown(n):
    while n > 0:
        print(n)
        n -= 1
    else:
        print("liftoff")
"#;
    let expected = r#"globals: __name__, __file__, countdown

function <module> (module) #0 line 1
bb0:
    countdown = <make_function countdown #1>            # line 1
    return None                                         # line 1

function countdown (function) #1 line 1
  params: n
  slots: n local
bb0:
    jump bb1                                            # line 2
bb1:
    branch n > 0 -> bb2, bb3                            # line 2
bb2:
    print(n)                                            # line 3
    n -= 1                                              # line 4
    jump bb1                                            # line 2
bb3:
    print('liftoff')                                    # line 6
    return None                                         # line 2
"#;
    assert_eq!(printed(src), expected);
}

/// `return` inside try/except/finally goes through a completion record; `except ... as e`
/// unbinds `e` on every way out; the exception path has its own copy of the finally body.
#[test]
fn try_except_finally_with_returns() {
    let src = r#"def safe_div(a, b):
    try:
        return a / b
    except ZeroDivisionError as e:
        print("error:", e)
        return None
    finally:
        print("done")
"#;
    let expected = r#"globals: __name__, __file__, safe_div

function <module> (module) #0 line 1
bb0:
    safe_div = <make_function safe_div #1>              # line 1
    return None                                         # line 1

function safe_div (function) #1 line 1
  params: a, b
  slots: a local, b local, e local, $finally temp, $exc temp, $exc_2 temp
bb0 (except -> bb1 as $exc_2):
    $finally = completion(return a / b)                 # line 3
    jump bb5                                            # line 3
bb1 (except -> bb6 as $exc):
    branch exc_match($exc_2, ZeroDivisionError) -> bb2, bb4  # line 4
bb2 (except -> bb6 as $exc):
    enter_except $exc_2                                 # line 4
    e = $exc_2                                          # line 4
    jump bb3                                            # line 4
bb3 (except -> bb8 as $exc_2):
    print('error:', e)                                  # line 5
    exit_except $exc_2                                  # line 4
    e = None                                            # line 4
    del e                                               # line 4
    $finally = completion(return None)                  # line 6
    jump bb5                                            # line 6
bb4 (except -> bb6 as $exc):
    reraise $exc_2                                      # line 2
bb5:
    print('done')                                       # line 8
    end_finally $finally -> bb7                         # line 2
bb6:
    enter_except $exc                                   # line 2
    print('done')                                       # line 8
    reraise $exc                                        # line 8
bb7:
    return None                                         # line 2
bb8 (except -> bb6 as $exc):
    e = None                                            # line 4
    del e                                               # line 4
    reraise $exc_2                                      # line 4
"#;
    assert_eq!(printed(src), expected);
}

/// Cells and free slots for `nonlocal`; a comprehension is a function called with the iterator `$iter`; `yield` ends a block.
#[test]
fn closures_comprehensions_generators() {
    let src = r#"def counter():
    count = 0
    def bump(by=1):
        nonlocal count
        count += by
        return count
    return bump
squares = [x * x for x in range(5) if x % 2]
def pairs(n):
    for i, j in zip(range(n), range(n)):
        got = yield i + j
        if got:
            break
"#;
    let expected = r#"globals: __name__, __file__, counter, squares, pairs

function <module> (module) #0 line 1
bb0:
    counter = <make_function counter #1>                # line 1
    squares = <make_function <listcomp> #3>(iter(range(5)))  # line 8
    pairs = <make_function pairs #4>                    # line 9
    return None                                         # line 9

function counter (function) #1 line 1
  slots: count cell, bump local
bb0:
    count = 0                                           # line 2
    bump = <make_function counter.<locals>.bump #2 defaults (1) closure (count)>  # line 3
    return bump                                         # line 7

function counter.<locals>.bump (function) #2 line 3
  params: by=<default>
  slots: by local, count free
bb0:
    count += by                                         # line 5
    return count                                        # line 6

function <listcomp> (function) #3 line 8
  params: $iter
  slots: $iter temp, x local, $result temp
bb0:
    $result = []                                        # line 8
    jump bb1                                            # line 8
bb1:
    for_next $iter -> x, bb2 | exhausted bb4            # line 8
bb2:
    branch x % 2 -> bb3, bb1                            # line 8
bb3:
    $result.append(x * x)                               # line 8
    jump bb1                                            # line 8
bb4:
    return $result                                      # line 8

function pairs (generator) #4 line 9
  params: n
  slots: n local, i local, j local, got local, $iter temp, $item temp
bb0:
    $iter = iter(zip(range(n), range(n)))               # line 10
    jump bb1                                            # line 10
bb1:
    for_next $iter -> $item, bb2 | exhausted bb4        # line 10
bb2:
    (i, j) = $item                                      # line 10
    got = yield i + j -> bb3                            # line 11
bb3:
    branch got -> bb4, bb1                              # line 12
bb4:
    return None                                         # line 10
"#;
    assert_eq!(printed(src), expected);
}

/// Programs touching every construct the lowering knows; each must give valid IR.
const VARIED: &[&str] = &[
    r#"x = 1
def f(a, b=2):
    total = 0
    for i in range(a):
        if i % 2 == 0:
            total += i
        else:
            continue
    while total > 10:
        total -= 3
    return total + b
print(f(10), x)
"#,
    r#"def outer():
    n = 0
    def inc(k=1):
        nonlocal n
        n += k
        return n
    sq = [i * i for i in range(n) if i]
    g = (x + n for x in sq)
    return inc, sq
def gen(n):
    for i in range(n):
        y = yield i
        print(y)
try:
    a = 1 / 0
except (ZeroDivisionError, ValueError) as e:
    print("caught", e)
    raise ValueError("x") from e
except:
    raise
else:
    pass
finally:
    print("done")
for k in range(3):
    try:
        if k:
            break
        continue
    finally:
        print(k)
"#,
    r#"import asyncio
from time import sleep as nap
def deco(f):
    return f
@deco
@deco
def f(x, *, y=1):
    try:
        try:
            return x
        finally:
            print("inner")
    except ValueError as e:
        return e
    finally:
        print("outer")
a, *b = [1, 2, 3]
d = {}
d["k"] = 0
d["k"] += 1
p = q = [1]
p[0] += 1
del d["k"], p
assert a == 1, f"bad {a!r:>4} {b=}"
sq = {k: v for k, v in [(1, 2)]}
lam = lambda z=2: z * 2
if (n := 10) > 5:
    print(n)
async def co():
    await asyncio.sleep(1)
    with x:
        pass
w = 1 if a else 2.5
"#,
    "while True:\n    try:\n        try:\n            break\n        finally:\n            pass\n    finally:\n        print(1)\n",
    "def f():\n    try:\n        raise ValueError\n    except ValueError:\n        try:\n            return 1\n        finally:\n            print(2)\n    finally:\n        print(3)\n",
    "def g():\n    x = [1]\n    x[0] += yield\n    return (yield from x)\n",
    "for a, (b, *c) in []:\n    del a\nelse:\n    pass\n",
    "x = 1\ndef f():\n    return [[y + x for y in range(z)] for z in range(3)]\n",
    "def f(*args, **kw):\n    return f(*args, 1, **kw, k=2)[1:2, ::3]\n",
    "async def f():\n    async with a as b:\n        pass\n    async for x in y:\n        pass\n",
];

#[test]
fn varied_programs_lower_to_valid_ir() {
    for src in VARIED {
        let text = printed(src);
        assert!(text.starts_with("globals: __name__, __file__"), "{text}");
    }
}

#[test]
fn break_through_two_finally_blocks_chains_jump_records() {
    let p = lower(VARIED[3]);
    let module = &p.functions[0];
    let jumps: Vec<&CompletionRecord> = module
        .blocks
        .iter()
        .flat_map(|b| &b.stmts)
        .filter_map(|s| match &s.kind {
            StmtKind::SetCompletion {
                completion: c @ CompletionRecord::Jump(_),
                ..
            } => Some(c),
            _ => None,
        })
        .collect();
    // The inner finally replays a jump to a block that records the loop exit in the outer
    // finally's record and runs the outer finally.
    assert_eq!(jumps.len(), 2, "{}", printed(VARIED[3]));
    let outer_exit = module.blocks.iter().find(|b| {
        b.stmts.iter().any(|s| {
            matches!(
                &s.kind,
                StmtKind::SetCompletion {
                    slot: 0,
                    completion: CompletionRecord::Jump(_)
                }
            )
        })
    });
    assert!(outer_exit.is_some(), "{}", printed(VARIED[3]));
}

#[test]
fn unsupported_constructs_raise_a_placeholder() {
    let text = printed(VARIED[5]);
    assert!(
        text.contains("raise RuntimeError('peel cannot run this yet: yield inside an expression')"),
        "{text}"
    );
    let text = printed(VARIED[9]);
    assert!(
        text.contains("peel cannot run this yet: async with"),
        "{text}"
    );
}

#[test]
fn constants_are_interned_per_function() {
    let p = lower("a = 1\nb = 1\nc = 'x' + 'x'\nd = 1.0\ne = -0.0\nf = True\n");
    let consts = &p.functions[0].consts;
    assert_eq!(
        consts,
        &vec![
            Const::Int(1),
            Const::Str("x".into()),
            Const::Float(1.0),
            Const::Float(-0.0),
            Const::Bool(true),
            Const::None
        ]
    );
}

#[test]
fn float_and_string_reprs_match_python() {
    assert_eq!(float_repr(1.0), "1.0");
    assert_eq!(float_repr(1e16), "1e+16");
    assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
    assert_eq!(float_repr(1.5e-7), "1.5e-07");
    assert_eq!(float_repr(0.0001), "0.0001");
    assert_eq!(float_repr(123456789012345.6), "123456789012345.6");
    assert_eq!(py_str_repr("it's"), "\"it's\"");
    assert_eq!(py_str_repr("a'b\"c\n"), "'a\\'b\"c\\n'");
}

/// Programs exercising every path through the lowering (finally blocks entered by return,
/// break, continue and exceptions; except-as unbinding; closures; comprehensions; walrus;
/// unpacking; decorators), each run by peel and by python3: stdout, exit status and the
/// last line of stderr must agree.
const RUN_PROGRAMS: &[&str] = &[
    r#"def f():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print("body", i)
        finally:
            print("fin", i)
    else:
        print("else")
    return i
print(f())
def g():
    try:
        return "try"
    finally:
        return "finally"
print(g())
def h():
    try:
        try:
            return 1
        finally:
            print("inner")
    finally:
        print("outer")
print(h())
def k():
    try:
        raise ValueError("boom")
    except ValueError as e:
        print("caught", e)
        try:
            return e.args
        finally:
            print("fin-k")
print(k())
def m():
    e = 5
    try:
        1 / 0
    except ZeroDivisionError as e:
        pass
    try:
        print(e)
    except NameError as err:
        print("NameError", err)
m()
def n():
    while True:
        try:
            try:
                break
            finally:
                print("a")
        finally:
            print("b")
    print("after")
n()
def o():
    for x in [1, 2]:
        try:
            raise KeyError(x)
        except KeyError:
            continue
        finally:
            print("o-fin", x)
    return "o"
print(o())
try:
    try:
        raise TypeError("t")
    finally:
        print("cleanup")
except TypeError as exc:
    print("outer caught", repr(exc))
def p():
    try:
        raise ValueError
    except (TypeError, ValueError):
        print("tuple match")
    else:
        print("no")
    try:
        pass
    except Exception:
        print("no")
    else:
        print("else ran")
p()
"#,
    r#"def counter():
    count = 0
    def bump(by=1):
        nonlocal count
        count += by
        return count
    return bump
c = counter()
c(); c(5)
print(c())
xs = [x * y for x in range(3) for y in range(3) if x != y]
print(xs)
print({k: v for k, v in zip("abc", range(3))})
print({x % 3 for x in range(10)})
print(sum([x for x in range(10)]))
def mk():
    fs = [lambda i=i: i * 2 for i in range(3)]
    return [f() for f in fs]
print(mk())
total = 0
def add(n):
    global total
    total += n
add(3); add(4)
print(total)
a, *b, c = range(6)
print(a, b, c)
(p, q), r = (1, 2), 3
print(p, q, r)
for i, (j, *k) in enumerate([(1, 2, 3), (4,)]):
    print(i, j, k)
d = {"x": [1]}
d["x"] += [2]
d["y"] = d.get("y", 0) + 1
print(d)
l = [1, 2, 3]
l[1:2] = [9, 9]
del l[0]
print(l)
def deco(tag):
    def wrap(f):
        def inner(*args, **kw):
            return tag + str(f(*args, **kw))
        return inner
    return wrap
@deco("<")
@deco(">")
def val(x, y=10, *, z=100):
    return x + y + z
print(val(1), val(1, 2, z=3))
if (n := len(l)) > 2:
    print("n", n)
print([y := 5, y ** 2])
def outer():
    vals = [w for w in range(3) if (last := w)]
    return last, vals
print(outer())
x = 10
def shadow():
    x = 1
    return [x + i for i in range(2)]
print(shadow())
print(f"{x!r:>5}|{x=}|{3.5:.2f}|{'s'!s}")
assert x == 10, "fine"
try:
    assert x == 11, f"x is {x}"
except AssertionError as e:
    print("assert:", e)
import time
from time import sleep as nap
print(type(nap).__name__ if nap else 0)
a = b = [0]
a.append(1)
print(b)
def gen():
    for i in range(3):
        got = yield i
print(1 if [] else 2, not x)
del x
try:
    print(x)
except NameError as e:
    print(e)
"#,
    r#"def f():
    try:
        raise ValueError("a")
    except ValueError:
        try:
            raise
        except ValueError as e:
            print("re-raised", e)
    try:
        raise KeyError("k")
    except KeyError as e:
        try:
            raise TypeError("t") from e
        except TypeError as t:
            print(repr(t.__cause__))
f()
def g():
    try:
        return 1
    finally:
        print("g fin")
print(g())
def loop():
    out = []
    i = 0
    while i < 5:
        i += 1
        try:
            if i % 2:
                continue
            out.append(i)
        except Exception:
            pass
        finally:
            out.append(-i)
    return out
print(loop())
def nest():
    for i in range(3):
        for j in range(3):
            if j == 1:
                break
            try:
                if i == 1:
                    continue
            finally:
                print("ij", i, j)
    return "ok"
print(nest())
def swallow():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            if i < 2:
                continue
            break
    return i
print(swallow())
def ret_in_except():
    try:
        1 / 0
    except ZeroDivisionError as e:
        return str(e)
print(ret_in_except())
x = 0
def unbound():
    print(x)
    x = 1
try:
    unbound()
except UnboundLocalError as e:
    print(e)
def freevar():
    def inner():
        return v
    try:
        inner()
    except NameError as e:
        print(e)
    v = 1
    return inner()
print(freevar())
def kw(a, /, b, *args, c, d=4, **rest):
    return a, b, args, c, d, rest
print(kw(1, 2, 3, c=5, e=6))
print(kw(1, b=2, c=3))
lam = lambda *a, **k: (a, k)
print(lam(1, x=2))
print((lambda: [i for i in range(3)])())
def raiser():
    raise ValueError("end")
raiser()
"#,
    r#"try:
    try:
        1 / 0
    finally:
        raise ValueError("in finally")
except ValueError as e:
    print(repr(e), repr(e.__context__))
def f():
    for i in range(3):
        try:
            raise KeyError(i)
        finally:
            if i == 1:
                break
    return i
print(f())
def g():
    try:
        raise TypeError("x")
    finally:
        return "swallowed"
print(g())
def h():
    try:
        try:
            raise ValueError("v")
        finally:
            print("inner fin")
    except ValueError as e:
        print("caught", e)
    finally:
        print("outer fin")
h()
def k():
    try:
        1 / 0
    finally:
        try:
            raise
        except ZeroDivisionError as z:
            print("bare raise in finally", z)
try:
    k()
except ZeroDivisionError:
    print("k propagated")
try:
    try:
        raise KeyError("a")
    finally:
        print("done")
finally:
    print("outer")
"#,
    r#"def a():
    log = []
    for i in range(4):
        try:
            try:
                if i == 0:
                    raise ValueError(i)
                if i == 1:
                    continue
                if i == 3:
                    return log
            except ValueError as e:
                log.append(("ve", str(e)))
                for j in range(2):
                    try:
                        if j:
                            break
                    finally:
                        log.append(("inner-fin", i, j))
                continue
            finally:
                log.append(("fin", i))
        except Exception:
            log.append("never")
        else:
            log.append(("else", i))
    return "end"
print(a())
def b():
    try:
        for k in range(3):
            try:
                raise KeyError(k)
            except KeyError as err:
                if k == 2:
                    return ("ret", k, err.args)
            finally:
                print("b-fin", k)
    finally:
        print("b-outer")
print(b())
def c():
    while True:
        try:
            return "from-try"
        finally:
            try:
                raise RuntimeError("x")
            except RuntimeError:
                break
    return "after-loop"
print(c())
def d(n):
    try:
        if n:
            raise ValueError("d")
        return "ok"
    except ValueError:
        try:
            raise
        finally:
            print("d-fin")
try:
    d(1)
except ValueError as e:
    print("d raised", e, repr(e.__context__))
print(d(0))
def e2():
    try:
        raise ValueError("first")
    except ValueError:
        try:
            raise TypeError("second")
        except TypeError as t:
            print(repr(t.__context__))
    try:
        try:
            raise ValueError("a")
        finally:
            pass
    except ValueError as v:
        print(repr(v.__context__))
e2()
try:
    def boom():
        raise ValueError("boom")
    try:
        boom()
    finally:
        x = 1 / 0
except ZeroDivisionError as z:
    print("zde", repr(z.__context__))
"#,
    r#"fs = [lambda: x for x in range(3)]
print([f() for f in fs])
def outer():
    y = 10
    gs = [lambda: x + y for x in range(2)]
    return [g() for g in gs]
print(outer())
def cnt():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    def get():
        return n
    return inc, get
i, g = cnt()
i(); i()
print(g())
def param_cell(a, b=2):
    def show():
        return a * b
    a += 1
    return show()
print(param_cell(3))
x = 5
def reads_global():
    return [x * k for k in range(3)]
print(reads_global())
def nested_walrus():
    data = [1, 2, 3]
    if any((hit := v) > 1 for v in data):
        return hit
print(nested_walrus.__name__)
"#,
];

fn python3(src: &str) -> Option<(String, String, i32)> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("python3")
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(src.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    Some((
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    ))
}

#[test]
fn lowered_programs_run_like_cpython() {
    for src in RUN_PROGRAMS {
        let Some((stdout, stderr, status)) = python3(src) else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("python3 is required under CI");
            }
            eprintln!("python3 not found: skipping the CPython comparison");
            return;
        };
        let source = SourceFile::new("<stdin>", *src);
        // Written to keep compiling when the runtime grows more options.
        #[allow(clippy::needless_update)]
        let options = crate::runtime::RunOptions {
            step_budget: Some(10_000_000),
            ..Default::default()
        };
        let src_owned = source.clone();
        let got = crate::with_big_stack(move || crate::run_captured(&src_owned, &options));
        assert_eq!(got.stdout, stdout, "program:\n{src}");
        assert_eq!(
            got.status, status,
            "program:\n{src}\nstderr: {}",
            got.stderr
        );
        assert_eq!(
            got.stderr.lines().last(),
            stderr.lines().last(),
            "program:\n{src}"
        );
    }
}

#[test]
fn validate_rejects_broken_ir() {
    let mut p = lower("def f(x):\n    return x\n");
    assert!(validate(&p).is_ok());
    p.functions[1].blocks[0].term = Terminator::Jump(99);
    assert!(validate(&p).unwrap_err().contains("block 99 out of range"));
    let mut p = lower("def f():\n    n = 1\n    def g():\n        return n\n    return g\n");
    for b in &mut p.functions[1].blocks {
        for s in &mut b.stmts {
            if let StmtKind::Assign {
                value:
                    Expr {
                        kind: ExprKind::MakeFunction { closure, .. },
                        ..
                    },
                ..
            } = &mut s.kind
            {
                closure.clear();
            }
        }
    }
    assert!(validate(&p)
        .unwrap_err()
        .contains("closure of f.<locals>.g has 0 cells, it needs 1"));
}

#[test]
fn imports_decorators_and_chained_assignment() {
    let text =
        printed("import asyncio.tasks as t\nimport time\n@a\n@b(1)\ndef f(): pass\nx = y = f\n");
    assert!(text.contains("t = import('asyncio.tasks').tasks"), "{text}");
    assert!(text.contains("time = import('time')"), "{text}");
    // Decorators are evaluated top to bottom and applied bottom-up.
    assert!(text.contains("f = a(b(1)(<make_function f #1>))"), "{text}");
    assert!(text.contains("x = f") && text.contains("y = x"), "{text}");
}
