//! A generator of *valid* Python programs for the differential fuzzer (`tests/fuzz_diff.rs`).
//!
//! `tests/fuzz.rs` throws broken input at peel to see that nothing crashes; almost all of it
//! stops in the parser. This module writes programs that CPython runs: they are made only of
//! constructs peel supports (generators, `send`/`throw`/`close`, `yield from` and its return
//! value, closures with `nonlocal`, `try`/`except`/`finally`, `async def`/`await`, tasks,
//! `gather`, `wait_for`, cancellation), they end (loops and recursion are bounded, a function
//! calls only functions defined before it), and they print their intermediate values, each
//! line with a label of its own, so that a difference shows at the first line it touches.
//!
//! A program is a function of its seed alone: `Program::generate(seed)` gives the same text
//! on every machine, so a difference is replayed from the seed the fuzzer prints.
//!
//! The generator keeps away from shapes that are known to differ from CPython today. Each is
//! named in [`AVOID`] with the finding (a file in `tests/fuzz_findings/`) that shows it; when
//! the finding is fixed, its entry goes and the generator produces the shape again.

/// Shapes the generator does not produce, because peel is known to differ from CPython on
/// them: (key, what differs, the finding that reproduces it). The generator asks
/// [`avoided`] with the key wherever it would write the shape; delete an entry when its
/// finding is fixed (the finding's file then belongs in `tests/programs/`).
pub const AVOID: &[(&str, &str, &str)] = &[];

/// Whether the shape named `key` is in [`AVOID`].
#[allow(dead_code)] // Used by the next finding's entry.
pub fn avoided(key: &str) -> bool {
    AVOID.iter().any(|(k, _, _)| *k == key)
}

/// SplitMix64: tiny, fast and reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What kind of function a body belongs to: it decides which statements it may hold.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Module,
    Plain,
    Generator,
    Coroutine,
}

/// A function defined earlier, which later code may call.
#[derive(Clone, Debug)]
struct Callable {
    name: String,
    arity: usize,
}

/// Where a body is being written.
#[derive(Clone, Debug)]
struct Scope {
    kind: Kind,
    /// Names bound to ints that this body may read.
    ints: Vec<String>,
    /// Loops around this point (for `break`/`continue`).
    loops: usize,
    /// Nesting of blocks (bounds the program's size).
    depth: usize,
    /// Names of tasks made in this body.
    tasks: Vec<String>,
    /// Inside a `try` block: a `raise` here is usually caught (elsewhere most programs
    /// would end at their first `raise`).
    in_try: bool,
}

/// The program's text being written, and what it has defined so far.
struct Writer {
    rng: Rng,
    out: String,
    indent: usize,
    labels: usize,
    names: usize,
    plain: Vec<Callable>,
    generators: Vec<Callable>,
    coroutines: Vec<Callable>,
    makers: Vec<String>,
    /// Tasks are made by `spawn`, which keeps them in `TASKS`, and `main` ends by gathering
    /// them all (see `async_program`).
    registry: bool,
    /// A generator has been left suspended (not closed by the program): when two or more
    /// are left to the end, CPython's collector finalizes them in an order its own runs
    /// during the program decide (README, "Where CPython's own output is not
    /// deterministic"), so the program closes every later one itself.
    left_open: bool,
    /// The class whose body is being written: functions defined now are its methods
    /// (`self` first, `self.v` one of their ints), called as `Class(k).method(...)`.
    method_of: Option<String>,
    /// Classes defined so far (later ones may derive from them).
    classes: Vec<String>,
}

/// A generated program.
pub struct Program {
    pub text: String,
    /// Whether it runs an event loop (for the CLI checks: `--trace`, `--timeline`).
    pub uses_asyncio: bool,
}

impl Program {
    /// The program for `seed`.
    pub fn generate(seed: u64) -> Program {
        let mut w = Writer {
            rng: Rng::new(seed),
            out: String::new(),
            indent: 0,
            labels: 0,
            names: 0,
            plain: Vec::new(),
            generators: Vec::new(),
            coroutines: Vec::new(),
            makers: Vec::new(),
            registry: true,
            left_open: false,
            method_of: None,
            classes: Vec::new(),
        };
        let shape = w.rng.below(100);
        let uses_asyncio = (45..96).contains(&shape);
        if shape < 45 {
            w.sync_program();
        } else if uses_asyncio {
            w.async_program();
        } else {
            w.probe_program();
        }
        Program {
            text: w.out,
            uses_asyncio,
        }
    }
}

impl Writer {
    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A fresh label for a printed line: `'L7'`.
    fn label(&mut self) -> String {
        self.labels += 1;
        format!("'L{}'", self.labels)
    }

    fn fresh(&mut self, base: &str) -> String {
        self.names += 1;
        format!("{base}{}", self.names)
    }

    /// Writes `header:` and then a body written by `body` one level deeper (never empty).
    fn block(&mut self, header: &str, body: impl FnOnce(&mut Writer)) {
        self.line(&format!("{header}:"));
        self.indent += 1;
        let before = self.out.len();
        body(self);
        if self.out.len() == before {
            self.line("pass");
        }
        self.indent -= 1;
    }

    // ---- expressions -------------------------------------------------------------------

    fn small(&mut self) -> String {
        (self.rng.below(10)).to_string()
    }

    /// An int-valued expression. It never divides by zero and never grows without bound:
    /// a product has a literal factor, so a loop of ten iterations stays small.
    fn int_expr(&mut self, scope: &Scope, depth: usize) -> String {
        let leaf = depth >= 2 || self.rng.chance(35);
        if leaf {
            if !scope.ints.is_empty() && self.rng.chance(70) {
                return self.rng.pick(&scope.ints).clone();
            }
            return self.small();
        }
        match self.rng.below(10) {
            0 | 1 => {
                let a = self.int_expr(scope, depth + 1);
                let b = self.int_expr(scope, depth + 1);
                let op = *self.rng.pick(&["+", "-", "+"]);
                format!("({a} {op} {b})")
            }
            2 => {
                let a = self.int_expr(scope, depth + 1);
                let k = 1 + self.rng.below(4);
                format!("({a} * {k})")
            }
            3 => {
                let a = self.int_expr(scope, depth + 1);
                let b = self.int_expr(scope, depth + 1);
                let op = *self.rng.pick(&["//", "%"]);
                format!("({a} {op} (abs({b}) + 1))")
            }
            4 => {
                let c = self.cond_expr(scope, depth + 1);
                let a = self.int_expr(scope, depth + 1);
                let b = self.int_expr(scope, depth + 1);
                format!("({a} if {c} else {b})")
            }
            5 => {
                let a = self.int_expr(scope, depth + 1);
                let b = self.int_expr(scope, depth + 1);
                let f = *self.rng.pick(&["min", "max"]);
                format!("{f}({a}, {b})")
            }
            6 if !self.plain.is_empty() => {
                let f = self.rng.pick(&self.plain).clone();
                let args = self.args(scope, f.arity, depth + 1);
                format!("{}({args})", f.name)
            }
            7 if !self.generators.is_empty() => {
                // Consuming a whole generator: every generator here ends.
                let g = self.rng.pick(&self.generators).clone();
                let args = self.args(scope, g.arity, depth + 1);
                let how = *self
                    .rng
                    .pick(&["sum", "len(list", "max(0, *", "sum(v * 2 for v in "]);
                match how {
                    "len(list" => format!("len(list({}({args})))", g.name),
                    "max(0, *" => format!("max(0, *{}({args}))", g.name),
                    "sum(v * 2 for v in " => {
                        format!("sum(v * 2 for v in {}({args}) if v % 2 == 0)", g.name)
                    }
                    _ => format!("sum({}({args}))", g.name),
                }
            }
            8 => {
                let a = self.int_expr(scope, depth + 1);
                format!("len([{a}, {}])", self.small())
            }
            _ => {
                let a = self.int_expr(scope, depth + 1);
                format!("(-{a})")
            }
        }
    }

    fn cond_expr(&mut self, scope: &Scope, depth: usize) -> String {
        let a = self.int_expr(scope, depth + 1);
        let b = self.int_expr(scope, depth + 1);
        let op = *self.rng.pick(&["<", "<=", "==", "!=", ">", ">="]);
        if self.rng.chance(15) {
            let c = self.int_expr(scope, depth + 1);
            let join = *self.rng.pick(&["and", "or"]);
            return format!("{a} {op} {b} {join} {c} % 2 == 0");
        }
        format!("{a} {op} {b}")
    }

    /// Small arguments: a generator's argument is how many values it yields.
    fn args(&mut self, scope: &Scope, arity: usize, depth: usize) -> String {
        (0..arity)
            .map(|_| {
                if depth < 2 && self.rng.chance(40) && !scope.ints.is_empty() {
                    let v = self.rng.pick(&scope.ints).clone();
                    format!("{v} % 4")
                } else {
                    self.rng.below(4).to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn exc_class(&mut self) -> &'static str {
        const NAMES: &[&str] = &[
            "ValueError",
            "KeyError",
            "RuntimeError",
            "ZeroDivisionError",
        ];
        NAMES[self.rng.below(NAMES.len())]
    }

    // ---- statements --------------------------------------------------------------------

    /// A body of one to `n` statements.
    fn body(&mut self, scope: &mut Scope, n: usize) {
        let count = 1 + self.rng.below(n.max(1));
        for _ in 0..count {
            self.statement(scope);
        }
    }

    fn nested(&self, scope: &Scope) -> Scope {
        let mut inner = scope.clone();
        inner.depth += 1;
        inner
    }

    fn statement(&mut self, scope: &mut Scope) {
        let deep = scope.depth >= 3;
        let choice = self.rng.below(if deep { 6 } else { 14 });
        match choice {
            0 | 1 => {
                let name = if !scope.ints.is_empty() && self.rng.chance(40) {
                    self.rng.pick(&scope.ints).clone()
                } else {
                    self.fresh("v")
                };
                let e = self.int_expr(scope, 0);
                if scope.ints.contains(&name) && self.rng.chance(50) {
                    let op = *self.rng.pick(&["+=", "-="]);
                    self.line(&format!("{name} {op} {e}"));
                } else {
                    self.line(&format!("{name} = {e}"));
                }
                if !scope.ints.contains(&name) {
                    scope.ints.push(name);
                }
            }
            2 | 3 => {
                let l = self.label();
                let e = self.int_expr(scope, 0);
                self.line(&format!("print({l}, {e})"));
            }
            4 => self.suspend(scope),
            5 if scope.loops > 0 && self.rng.chance(50) => {
                let c = self.cond_expr(scope, 1);
                let what = *self.rng.pick(&["break", "continue"]);
                self.block(&format!("if {c}"), |w| w.line(what));
            }
            5 => self.suspend(scope),
            6 | 7 => {
                let c = self.cond_expr(scope, 0);
                let mut inner = self.nested(scope);
                self.block(&format!("if {c}"), |w| w.body(&mut inner, 3));
                if self.rng.chance(50) {
                    let mut inner = self.nested(scope);
                    self.block("else", |w| w.body(&mut inner, 2));
                }
            }
            8 => {
                let i = self.fresh("i");
                let n = 1 + self.rng.below(4);
                let mut inner = self.nested(scope);
                inner.loops += 1;
                inner.ints.push(i.clone());
                self.block(&format!("for {i} in range({n})"), |w| w.body(&mut inner, 3));
                if self.rng.chance(15) {
                    let l = self.label();
                    self.block("else", |w| w.line(&format!("print({l}, 'no break')")));
                }
            }
            9 => {
                let n = self.fresh("n");
                let limit = 1 + self.rng.below(4);
                self.line(&format!("{n} = 0"));
                let mut inner = self.nested(scope);
                inner.loops += 1;
                self.block(&format!("while {n} < {limit}"), |w| {
                    w.line(&format!("{n} += 1"));
                    w.body(&mut inner, 3);
                });
                scope.ints.push(n);
            }
            10 | 11 => self.try_statement(scope),
            12 if !scope.in_try && self.rng.chance(75) => {
                let l = self.label();
                let e = self.int_expr(scope, 0);
                self.line(&format!("print({l}, {e})"));
            }
            12 => {
                let l = self.label();
                let cls = self.exc_class();
                let e = self.int_expr(scope, 1);
                let c = self.cond_expr(scope, 1);
                self.block(&format!("if {c}"), |w| {
                    w.line(&format!("raise {cls}({l}, {e})"));
                });
            }
            _ => {
                if scope.kind != Kind::Module && self.rng.chance(40) {
                    let c = self.cond_expr(scope, 1);
                    let e = self.int_expr(scope, 1);
                    self.block(&format!("if {c}"), |w| w.line(&format!("return {e}")));
                } else {
                    self.suspend(scope);
                }
            }
        }
    }

    /// What only a generator or a coroutine does: suspend (or, elsewhere, call one).
    fn suspend(&mut self, scope: &mut Scope) {
        match scope.kind {
            Kind::Generator => self.generator_step(scope),
            Kind::Coroutine => self.coroutine_step(scope),
            _ => {
                if !self.generators.is_empty() && self.rng.chance(60) {
                    self.drive_generator(scope);
                } else if !self.makers.is_empty() && self.rng.chance(50) {
                    self.use_closure(scope);
                } else {
                    let l = self.label();
                    let e = self.int_expr(scope, 0);
                    self.line(&format!("print({l}, {e})"));
                }
            }
        }
    }

    fn try_statement(&mut self, scope: &mut Scope) {
        let mut inner = self.nested(scope);
        inner.in_try = true;
        self.block("try", |w| w.body(&mut inner, 3));
        let handlers = self.rng.below(3);
        for _ in 0..handlers {
            let cls = *self.rng.pick(&[
                "ValueError",
                "KeyError",
                "(RuntimeError, ZeroDivisionError)",
                "Exception",
                "ArithmeticError",
                "LookupError",
            ]);
            let l = self.label();
            let mut inner = self.nested(scope);
            self.block(&format!("except {cls} as e"), |w| {
                w.line(&format!("print({l}, type(e).__name__, e.args)"));
                if w.rng.chance(30) {
                    w.body(&mut inner, 2);
                }
                if w.rng.chance(15) {
                    w.line("raise");
                }
            });
        }
        if handlers > 0 && self.rng.chance(20) {
            let l = self.label();
            self.block("else", |w| w.line(&format!("print({l}, 'else')")));
        }
        if handlers == 0 || self.rng.chance(50) {
            let l = self.label();
            let mut inner = self.nested(scope);
            self.block("finally", |w| {
                w.line(&format!("print({l}, 'finally')"));
                if w.rng.chance(30) {
                    w.body(&mut inner, 2);
                }
            });
        }
    }

    // ---- generators --------------------------------------------------------------------

    fn generator_step(&mut self, scope: &mut Scope) {
        match self.rng.below(6) {
            0 | 1 => {
                let e = self.int_expr(scope, 0);
                self.line(&format!("yield {e}"));
            }
            2 | 3 => {
                let name = self.fresh("got");
                let e = self.int_expr(scope, 0);
                let l = self.label();
                self.line(&format!("{name} = yield {e}"));
                self.line(&format!("print({l}, 'got', {name})"));
                // What was sent may be None: keep an int of it.
                self.line(&format!(
                    "{name} = {name} if isinstance({name}, int) else 0"
                ));
                scope.ints.push(name);
            }
            4 if !self.generators.is_empty() => {
                let g = self.rng.pick(&self.generators).clone();
                let args = self.args(scope, g.arity, 0);
                if self.rng.chance(50) {
                    let name = self.fresh("r");
                    let l = self.label();
                    self.line(&format!("{name} = yield from {}({args})", g.name));
                    self.line(&format!("print({l}, 'returned', {name})"));
                    self.line(&format!(
                        "{name} = {name} if isinstance({name}, int) else 0"
                    ));
                    scope.ints.push(name);
                } else {
                    self.line(&format!("yield from {}({args})", g.name));
                }
            }
            _ => {
                let n = self.rng.below(4);
                let x = self.fresh("x");
                let e = self.int_expr(scope, 1);
                self.line(&format!("yield from [{e}, {n}]"));
                let _ = x;
            }
        }
    }

    /// A generator function `gN(n)`, which yields about `n` values and returns an int.
    fn generator_def(&mut self) {
        let name = self.fresh("g");
        let arity = 1 + self.rng.below(2);
        let params: Vec<String> = (0..arity).map(|k| format!("p{k}")).collect();
        let mut scope = Scope {
            kind: Kind::Generator,
            ints: params.clone(),
            loops: 0,
            depth: 1,
            tasks: Vec::new(),
            in_try: false,
        };
        if self.method_of.is_some() {
            scope.ints.push("self.v".into());
        }
        let header = format!("def {name}({})", self.with_self(&params));
        self.block(&header, |w| {
            let l = w.label();
            w.line(&format!("print({l}, 'start', {})", params.join(", ")));
            // Its first parameter bounds a loop of yields.
            let i = w.fresh("i");
            let mut inner = scope.clone();
            inner.depth += 1;
            inner.loops += 1;
            inner.ints.push(i.clone());
            w.block(&format!("for {i} in range(p0 % 5)"), |w| {
                let e = w.int_expr(&inner, 0);
                w.line(&format!("yield {e}"));
                if w.rng.chance(60) {
                    w.body(&mut inner, 3);
                }
            });
            if w.rng.chance(50) {
                w.body(&mut scope, 4);
            }
            let e = w.int_expr(&scope, 1);
            w.line(&format!("return {e}"));
        });
        let name = self.as_method(name);
        self.generators.push(Callable { name, arity });
    }

    /// Uses a generator by hand or by iteration.
    fn drive_generator(&mut self, scope: &mut Scope) {
        let g = self.rng.pick(&self.generators).clone();
        let args = self.args(scope, g.arity, 0);
        match self.rng.below(5) {
            0 => {
                let l = self.label();
                self.line(&format!("print({l}, list({}({args})))", g.name));
            }
            1 => {
                let v = self.fresh("v");
                let l = self.label();
                let mut inner = self.nested(scope);
                inner.loops += 1;
                inner.ints.push(v.clone());
                self.block(&format!("for {v} in {}({args})", g.name), |w| {
                    w.line(&format!("print({l}, {v})"));
                    if w.rng.chance(40) {
                        w.body(&mut inner, 2);
                    }
                });
            }
            _ => {
                let it = self.fresh("it");
                self.line(&format!("{it} = {}({args})", g.name));
                // At most one generator is left for the end of the program to finalize
                // (see `left_open`); the others are closed before the code that made them
                // ends, whatever happens.
                let close_it = self.left_open || self.rng.chance(50);
                self.left_open |= !close_it;
                if close_it {
                    self.line("try:");
                    self.indent += 1;
                }
                let steps = 1 + self.rng.below(4);
                for _ in 0..steps {
                    let l = self.label();
                    let op = match self.rng.below(8) {
                        0..=2 => format!("next({it})"),
                        3 | 4 => format!("{it}.send({})", self.small()),
                        5 => format!("{it}.send(None)"),
                        6 => format!("{it}.throw({}({}))", self.exc_class(), self.small()),
                        _ => format!("{it}.close()"),
                    };
                    self.block("try", |w| w.line(&format!("print({l}, {op})")));
                    self.block("except StopIteration as e", |w| {
                        w.line(&format!("print({l}, 'stop', e.value)"));
                    });
                    self.block("except Exception as e", |w| {
                        w.line(&format!("print({l}, type(e).__name__, e)"));
                    });
                }
                if self.rng.chance(50) {
                    let l = self.label();
                    self.line(&format!("print({l}, list({it}))"));
                }
                if close_it {
                    self.indent -= 1;
                    self.block("finally", |w| w.line(&format!("{it}.close()")));
                }
            }
        }
    }

    // ---- closures ----------------------------------------------------------------------

    fn maker_def(&mut self) {
        let name = self.fresh("make");
        let k = 1 + self.rng.below(5);
        let op = *self.rng.pick(&["+", "-", "*"]);
        self.block(&format!("def {name}(start)"), |w| {
            w.line("total = start");
            w.line("calls = []");
            w.block("def step(x)", |w| {
                w.line("nonlocal total");
                if op == "*" {
                    w.line(&format!("total = total % 1000 * {k} + x"));
                } else {
                    w.line(&format!("total = total {op} x * {k}"));
                }
                w.line("calls.append(x)");
                w.line("return total");
            });
            if w.rng.chance(50) {
                w.line("return step, lambda: (total, len(calls))");
            } else {
                w.line("return step, lambda: calls[-1] if calls else None");
            }
        });
        self.makers.push(name);
    }

    fn use_closure(&mut self, scope: &mut Scope) {
        let m = self.rng.pick(&self.makers).clone();
        let step = self.fresh("step");
        let peek = self.fresh("peek");
        let start = self.int_expr(scope, 1);
        self.line(&format!("{step}, {peek} = {m}({start})"));
        for _ in 0..1 + self.rng.below(3) {
            let l = self.label();
            let e = self.int_expr(scope, 1);
            self.line(&format!("print({l}, {step}({e}), {peek}())"));
        }
        if self.rng.chance(30) {
            let l = self.label();
            let fs = self.fresh("fs");
            let n = 1 + self.rng.below(4);
            if self.rng.chance(50) {
                self.line(&format!("{fs} = [lambda: i * 2 for i in range({n})]"));
            } else {
                self.line(&format!("{fs} = [lambda i=i: i * 2 for i in range({n})]"));
            }
            self.line(&format!("print({l}, [f() for f in {fs}])"));
        }
    }

    // ---- plain functions ---------------------------------------------------------------

    fn plain_def(&mut self) {
        let name = self.fresh("f");
        let arity = 1 + self.rng.below(2);
        let params: Vec<String> = (0..arity).map(|k| format!("a{k}")).collect();
        let mut scope = Scope {
            kind: Kind::Plain,
            ints: params.clone(),
            loops: 0,
            depth: 1,
            tasks: Vec::new(),
            in_try: false,
        };
        if self.method_of.is_some() {
            scope.ints.push("self.v".into());
        }
        let recursive = self.rng.chance(20);
        let header = format!("def {name}({})", self.with_self(&params));
        let recursive = recursive && self.method_of.is_none();
        self.block(&header, |w| {
            if recursive {
                // Bounded recursion: the first argument shrinks to 0.
                let rest: Vec<&str> = params.iter().skip(1).map(String::as_str).collect();
                let more = if rest.is_empty() {
                    String::new()
                } else {
                    format!(", {}", rest.join(", "))
                };
                w.block("if a0 <= 0", |w| w.line("return 1"));
                w.line(&format!("return a0 + {name}(a0 - 1{more}) % 7"));
                return;
            }
            w.body(&mut scope, 4);
            let e = w.int_expr(&scope, 1);
            w.line(&format!("return {e}"));
        });
        let name = self.as_method(name);
        self.plain.push(Callable { name, arity });
    }

    // ---- coroutines --------------------------------------------------------------------

    fn delay(&mut self) -> &'static str {
        const DELAYS: &[&str] = &["0", "0.5", "1", "1", "2", "3"];
        DELAYS[self.rng.below(DELAYS.len())]
    }

    fn coroutine_step(&mut self, scope: &mut Scope) {
        match self.rng.below(9) {
            0..=2 => {
                let d = self.delay();
                self.line(&format!("await asyncio.sleep({d})"));
            }
            3 | 4 if !self.coroutines.is_empty() => {
                let c = self.rng.pick(&self.coroutines).clone();
                let args = self.coro_args(scope, c.arity);
                let name = self.fresh("r");
                let l = self.label();
                self.line(&format!("{name} = await {}({args})", c.name));
                self.line(&format!("print({l}, {name})"));
                self.line(&format!(
                    "{name} = {name} if isinstance({name}, int) else 0"
                ));
                scope.ints.push(name);
            }
            5 if !self.coroutines.is_empty() => {
                let c = self.rng.pick(&self.coroutines).clone();
                let args = self.coro_args(scope, c.arity);
                let timeout = *self.rng.pick(&["0", "0.5", "1", "1.5", "2", "5", "None"]);
                let l = self.label();
                self.block("try", |w| {
                    w.line(&format!(
                        "print({l}, await asyncio.wait_for({}({args}), timeout={timeout}))",
                        c.name
                    ));
                });
                self.block("except asyncio.TimeoutError", |w| {
                    w.line(&format!("print({l}, 'timeout', loop.time())"));
                });
            }
            6 if !self.coroutines.is_empty() => {
                let n = 1 + self.rng.below(3);
                let ret = if self.rng.chance(70) {
                    ", return_exceptions=True"
                } else {
                    ""
                };
                // A gather that fails leaves its other children running, and those still
                // pending when `asyncio.run` ends are cancelled in an order CPython's
                // addresses decide: made by `spawn`, `main` gathers them before it ends.
                let spawned = ret.is_empty() && n > 1 && self.registry;
                let mut parts = Vec::new();
                for _ in 0..n {
                    let c = self.rng.pick(&self.coroutines).clone();
                    let args = self.coro_args(scope, c.arity);
                    parts.push(match spawned {
                        true => format!("spawn({}({args}))", c.name),
                        false => format!("{}({args})", c.name),
                    });
                }
                let l = self.label();
                self.line(&format!(
                    "print({l}, await asyncio.gather({}{ret}))",
                    parts.join(", ")
                ));
            }
            7 if !self.coroutines.is_empty() => self.task_step(scope),
            8 if !scope.tasks.is_empty() => self.task_step(scope),
            _ => {
                let l = self.label();
                self.line(&format!("print({l}, loop.time())"));
            }
        }
    }

    fn coro_args(&mut self, scope: &Scope, arity: usize) -> String {
        (0..arity)
            .map(|k| {
                if k == 0 {
                    // The first is a label.
                    format!("'{}'", self.fresh("t"))
                } else {
                    self.args(scope, 1, 1)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Makes a task, or uses one made earlier in this body: cancels it, awaits it, asks
    /// about it.
    fn task_step(&mut self, scope: &mut Scope) {
        if scope.tasks.is_empty() || (self.rng.chance(40) && !self.coroutines.is_empty()) {
            let c = self.rng.pick(&self.coroutines).clone();
            let args = self.coro_args(scope, c.arity);
            let t = self.fresh("task");
            let spawn = if self.registry {
                "spawn"
            } else {
                "asyncio.create_task"
            };
            self.line(&format!("{t} = {spawn}({}({args}))", c.name));
            scope.tasks.push(t);
            return;
        }
        let t = self.rng.pick(&scope.tasks).clone();
        let l = self.label();
        match self.rng.below(4) {
            0 => self.line(&format!("print({l}, {t}.cancel())")),
            1 => self.line(&format!("print({l}, {t}.done(), {t}.cancelled())")),
            _ => {
                self.block("try", |w| w.line(&format!("print({l}, await {t})")));
                self.block("except asyncio.CancelledError", |w| {
                    w.line(&format!("print({l}, 'cancelled', {t}.cancelled())"));
                });
                self.block("except Exception as e", |w| {
                    w.line(&format!("print({l}, type(e).__name__, e.args)"));
                });
            }
        }
    }

    /// A coroutine function `cN(name, ...)`.
    fn coroutine_def(&mut self) {
        let name = self.fresh("c");
        let arity = 1 + self.rng.below(2);
        let params: Vec<String> = (0..arity).map(|k| format!("p{k}")).collect();
        let mut scope = Scope {
            kind: Kind::Coroutine,
            ints: params[1..].to_vec(),
            loops: 0,
            depth: 1,
            tasks: Vec::new(),
            in_try: false,
        };
        if self.method_of.is_some() {
            scope.ints.push("self.v".into());
        }
        let catches = self.rng.chance(40);
        let header = format!("async def {name}({})", self.with_self(&params));
        self.block(&header, |w| {
            w.line("loop = asyncio.get_running_loop()");
            let l = w.label();
            w.line(&format!("print({l}, p0, 'starts at', loop.time())"));
            if catches {
                let mut inner = scope.clone();
                inner.depth += 1;
                w.block("try", |w| {
                    let d = w.delay();
                    w.line(&format!("await asyncio.sleep({d})"));
                    w.body(&mut inner, 4);
                });
                let l = w.label();
                let swallow = w.rng.chance(30);
                w.block("except asyncio.CancelledError", |w| {
                    w.line(&format!("print({l}, p0, 'cancelled at', loop.time())"));
                    if swallow {
                        w.line("return -1");
                    } else {
                        w.line("raise");
                    }
                });
                let l = w.label();
                w.block("finally", |w| {
                    w.line(&format!("print({l}, p0, 'finally at', loop.time())"));
                });
            } else {
                let d = w.delay();
                w.line(&format!("await asyncio.sleep({d})"));
                w.body(&mut scope, 4);
            }
            let e = w.int_expr(&scope, 1);
            w.line(&format!("return {e}"));
        });
        let name = self.as_method(name);
        self.coroutines.push(Callable { name, arity });
    }

    // ---- classes -----------------------------------------------------------------------

    /// A method's parameters start with `self`.
    fn with_self(&self, params: &[String]) -> String {
        match self.method_of {
            Some(_) => std::iter::once("self".to_string())
                .chain(params.iter().cloned())
                .collect::<Vec<_>>()
                .join(", "),
            None => params.join(", "),
        }
    }

    /// The name later code calls a function just defined by: `Class(k).name` for a
    /// method.
    fn as_method(&mut self, name: String) -> String {
        match self.method_of.clone() {
            Some(class) => {
                let k = self.small();
                format!("{class}({k}).{name}")
            }
            None => name,
        }
    }

    /// A class `Cn` (perhaps deriving from an earlier one) with an int attribute `v`,
    /// dunders (`__repr__`, `__eq__`, `__add__`, `__iter__` as a generator) and methods
    /// of each kind, which later code calls as `Cn(k).name(...)`.
    fn class_def(&mut self, coroutines: bool) {
        let class = self.fresh("C");
        let base = match self.classes.is_empty() || self.rng.chance(50) {
            true => None,
            false => Some(self.rng.pick(&self.classes).clone()),
        };
        let header = match &base {
            Some(b) => format!("class {class}({b})"),
            None => format!("class {class}"),
        };
        let methods = 1 + self.rng.below(3);
        self.block(&header, |w| {
            let count = w.small();
            w.line(&format!("count = {count}"));
            w.block("def __init__(self, a0)", |w| {
                match &base {
                    Some(_) => w.line("super().__init__(a0 + 1)"),
                    None => w.line("self.v = a0"),
                }
                w.line(&format!("{class}.count += 1"));
            });
            w.block("def __repr__(self)", |w| {
                w.line(&format!("return f'{class}({{self.v}})'"));
            });
            if w.rng.chance(60) {
                w.block("def __eq__(self, other)", |w| {
                    w.line(&format!(
                        "return isinstance(other, {class}) and self.v == other.v"
                    ));
                });
                if w.rng.chance(50) {
                    w.line("__hash__ = None");
                } else {
                    w.block("def __hash__(self)", |w| w.line("return hash(self.v)"));
                }
            }
            w.block("def __add__(self, other)", |w| {
                w.block("if isinstance(other, int)", |w| {
                    w.line("return type(self)(self.v + other)");
                });
                w.line("return NotImplemented");
            });
            w.block("def __radd__(self, other)", |w| {
                w.line("return self + other")
            });
            w.block("def __iter__(self)", |w| {
                w.block("for k in range(self.v % 4)", |w| w.line("yield k * self.v"));
            });
            w.block("def __bool__(self)", |w| w.line("return self.v % 3 != 0"));
            w.line("@property");
            w.block("def double(self)", |w| w.line("return self.v * 2"));
            w.method_of = Some(class.clone());
            for _ in 0..methods {
                match w.rng.below(if coroutines { 4 } else { 3 }) {
                    0 => w.plain_def(),
                    1 => w.generator_def(),
                    2 if coroutines => w.coroutine_def(),
                    _ => w.plain_def(),
                }
            }
            w.method_of = None;
        });
        self.classes.push(class);
    }

    /// Uses an instance of a class: its dunders, its property, its class attribute.
    fn use_class(&mut self, scope: &mut Scope) {
        let class = self.rng.pick(&self.classes).clone();
        let e = self.int_expr(scope, 1);
        let o = self.fresh("o");
        self.line(&format!("{o} = {class}({e})"));
        let l = self.label();
        let probe = *self.rng.pick(&[
            "{o}, {o}.double, {o} + 1, 2 + {o}, list({o})",
            "{o} == {o} + 0, bool({o}), sum({o}), {C}.count",
            "isinstance({o}, {C}), type({o}).__name__, repr({o}), str({o})",
            "[x for x in {o} if x], {o}.v, vars({o})",
            "{{o}: 1} if type({o}).__hash__ else 'unhashable'",
        ]);
        let probe = probe.replace("{o}", &o).replace("{C}", &class);
        self.line(&format!("print({l}, {probe})"));
        scope.ints.push(format!("{o}.v"));
    }

    // ---- programs ----------------------------------------------------------------------

    fn sync_program(&mut self) {
        let defs = 2 + self.rng.below(5);
        for _ in 0..defs {
            match self.rng.below(8) {
                0 => self.plain_def(),
                1 => self.maker_def(),
                2 => self.class_def(false),
                _ => self.generator_def(),
            }
            self.line("");
        }
        let mut scope = Scope {
            kind: Kind::Module,
            ints: Vec::new(),
            loops: 0,
            depth: 0,
            tasks: Vec::new(),
            in_try: false,
        };
        let steps = 3 + self.rng.below(6);
        for _ in 0..steps {
            if !self.classes.is_empty() && self.rng.chance(25) {
                self.use_class(&mut scope);
            } else if !self.generators.is_empty() && self.rng.chance(50) {
                self.drive_generator(&mut scope);
            } else {
                self.statement(&mut scope);
            }
        }
    }

    fn async_program(&mut self) {
        self.line("import asyncio");
        self.line("");
        // Every task ends, with its exception retrieved, before `main` does. A task still
        // pending when `asyncio.run` ends is cancelled in the order of a `WeakSet`, which
        // is not the order CPython made them in (addresses decide): output that depends on
        // it is not deterministic in CPython itself.
        self.registry = self.rng.chance(80);
        self.line("TASKS = []");
        self.line("");
        self.block("def spawn(coro)", |w| {
            w.line("task = asyncio.create_task(coro)");
            w.line("TASKS.append(task)");
            w.line("return task");
        });
        self.line("");
        let defs = 2 + self.rng.below(5);
        for _ in 0..defs {
            match self.rng.below(9) {
                0 => self.plain_def(),
                1 => self.generator_def(),
                2 => self.class_def(true),
                _ => self.coroutine_def(),
            }
            self.line("");
        }
        if self.coroutines.is_empty() {
            self.coroutine_def();
            self.line("");
        }
        let mut scope = Scope {
            kind: Kind::Coroutine,
            ints: Vec::new(),
            loops: 0,
            depth: 1,
            tasks: Vec::new(),
            in_try: false,
        };
        self.block("async def main()", |w| {
            w.line("loop = asyncio.get_running_loop()");
            let registry = w.registry;
            w.block("try", |w| {
                let steps = 3 + w.rng.below(7);
                for _ in 0..steps {
                    if !w.classes.is_empty() && w.rng.chance(20) {
                        w.use_class(&mut scope);
                    } else if w.rng.chance(50) {
                        w.task_step(&mut scope);
                    } else {
                        w.statement(&mut scope);
                    }
                }
                let l = w.label();
                w.line(&format!("print({l}, 'main ends at', loop.time())"));
            });
            w.block("finally", |w| {
                if registry {
                    // Every task is gathered at least once, so its exception is retrieved
                    // and nothing in `TASKS` has a visible end when the list goes; again
                    // while new tasks appear.
                    w.line("gathered = -1");
                    w.block("while gathered < len(TASKS)", |w| {
                        w.line("gathered = len(TASKS)");
                        w.line("await asyncio.gather(*TASKS, return_exceptions=True)");
                    });
                } else {
                    w.block("while len(asyncio.all_tasks()) > 1", |w| {
                        w.line("await asyncio.sleep(1)");
                    });
                }
            });
        });
        self.line("");
        self.line("asyncio.run(main())");
    }

    /// Deep data and sizes nothing can hold: CPython's exceptions, never an abort.
    fn probe_program(&mut self) {
        self.block("def probe(label, f)", |w| {
            w.block("try", |w| w.line("print(label, f())"));
            w.block(
                "except (RecursionError, MemoryError, OverflowError, ValueError) as e",
                |w| w.line("print(label, type(e).__name__, e)"),
            );
        });
        self.line("");
        let depth = *self.rng.pick(&["10", "500", "1000", "5000", "100000"]);
        let wrap = *self.rng.pick(&["[x]", "(x,)", "{'k': x}", "[x, 1]"]);
        self.line("x = 0");
        self.line("y = 0");
        self.block(&format!("for _ in range({depth})"), |w| {
            w.line(&format!("x = {wrap}"));
            w.line(&format!("y = {}", wrap.replace('x', "y")));
        });
        let count = 2 + self.rng.below(4);
        for _ in 0..count {
            let l = self.label();
            let probe = *self.rng.pick(&[
                "len(repr(x))",
                "len(str(y))",
                "x == y",
                "x != y",
                "x in [y]",
                "[x].count(y)",
                "hash(x) if isinstance(x, tuple) else 0",
                "'a' * 2**50",
                "[0] * 2**50",
                "bytes(2**50)",
                "'a'.ljust(2**50)",
                "'-1'.zfill(2**50)",
                "'%*d' % (2**50, 1)",
                "len(range(2**70))",
                "range(10**30)[10**29]",
                "'a' * 2**64",
                "len(list(range(10)) * 3)",
            ]);
            self.line(&format!("probe({l}, lambda: {probe})"));
        }
        if self.rng.chance(40) {
            self.line("a = []");
            self.line("a.append(a)");
            self.line("b = []");
            self.line("b.append(b)");
            let l = self.label();
            let probe = *self
                .rng
                .pick(&["repr(a)", "a == b", "a < b", "b in a", "a.count(b)"]);
            self.line(&format!("probe({l}, lambda: {probe})"));
        }
    }
}
