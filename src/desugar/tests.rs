//! The desugar passes are checked the way a learner would check them: the rewritten program,
//! printed as Python, must print exactly what the original prints under CPython.

use super::{
    contains_suspend, desugar, desugar_one, for_each_child, is_suspend, stmt_exprs_mut, PASSES,
};
use crate::ast::print::python;
use crate::parser::parse_module;

fn scopes_of(module: &crate::ast::Module) -> crate::resolve::Scopes {
    crate::resolve::resolve(module).expect("the program resolves")
}

/// The program after every pass, as `compile` desugars it.
fn desugared(module: &crate::ast::Module) -> crate::ast::Module {
    desugar(
        module.clone(),
        &scopes_of(module),
        &super::program_names(module),
    )
}

/// Generators exercising every pass: delegation with return values, send, throw and close
/// through `yield from`, for-else, generator expressions, yields inside expressions.
const PROGRAM: &str = include_str!("../../tests/desugar/generators.py");

fn run_python(src: &str) -> Option<String> {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(src)
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

fn python3_or_skip() -> bool {
    let ok = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 is required under CI"
        );
        eprintln!("python3 not found: skipping the CPython comparison");
    }
    ok
}

#[test]
fn every_pass_alone_and_all_together_keep_the_output() {
    if !python3_or_skip() {
        return;
    }
    let module = parse_module(PROGRAM).expect("the test program parses");
    let expected = run_python(PROGRAM).expect("python3 runs");
    assert!(
        !expected.contains("Traceback"),
        "the original program fails:\n{expected}"
    );
    for pass in PASSES {
        let rewritten =
            python(&desugar_one(&module, &scopes_of(&module), pass.name).expect("pass exists"));
        let got = run_python(&rewritten).expect("python3 runs");
        assert_eq!(
            got, expected,
            "pass {} changed the output; program:\n{rewritten}",
            pass.name
        );
    }
    let all = python(&desugared(&module));
    assert_eq!(
        run_python(&all).expect("python3 runs"),
        expected,
        "program:\n{all}"
    );
}

#[test]
fn after_desugaring_no_for_genexp_or_nested_yield_is_left() {
    let original = parse_module(PROGRAM).expect("parses");
    let module = desugared(&original);
    let text = python(&module);
    assert!(!text.contains("yield from"), "{text}");
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("for ")),
        "{text}"
    );
    // Every yield is a statement: alone, or the whole right-hand side of an assignment.
    let mut body = module.body.clone();
    check_suspensions_are_statements(&mut body);
}

fn check_suspensions_are_statements(body: &mut [crate::ast::Stmt]) {
    use crate::ast::StmtKind;
    for s in body {
        let top_level_ok = match &s.kind {
            StmtKind::Expr(e) => is_suspend(e),
            StmtKind::Assign { value, .. } => is_suspend(value),
            _ => false,
        };
        for e in stmt_exprs_mut(s) {
            let nested = if top_level_ok && is_suspend(e) {
                let mut inner = false;
                for_each_child(e, &mut |c| inner |= contains_suspend(c));
                inner
            } else {
                contains_suspend(e)
            };
            assert!(!nested, "a suspension inside an expression: {:?}", e.span);
        }
        match &mut s.kind {
            StmtKind::FunctionDef(def) => check_suspensions_are_statements(&mut def.body),
            StmtKind::While { body, orelse, .. } | StmtKind::If { body, orelse, .. } => {
                check_suspensions_are_statements(body);
                check_suspensions_are_statements(orelse);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                check_suspensions_are_statements(body);
                for h in handlers {
                    check_suspensions_are_statements(&mut h.body);
                }
                check_suspensions_are_statements(orelse);
                check_suspensions_are_statements(finalbody);
            }
            _ => {}
        }
    }
}

#[test]
fn temporaries_use_readable_names_that_do_not_clash() {
    let src = "_iter_xs = 1\nxs = [1, 2]\nfor x in xs:\n    print(x, _iter_xs)\n";
    let module = parse_module(src).expect("parses");
    let text = python(&desugared(&module));
    assert!(text.contains("_iter_xs_2 = iter(xs)"), "{text}");
}

/// Naming a temporary costs the same however many temporaries share its base: the one
/// thousandth loop over `items` finds `_iter_items_1000` at once instead of trying the
/// 999 names before it (which made desugaring quadratic in the size of a program). The
/// names stay those of the first free suffix, skipping a learner's own `_iter_items_N`.
#[test]
fn naming_temporaries_is_linear_and_skips_the_learners_names() {
    let loops = 2000;
    let mut src = String::from("_iter_items_3 = _iter_items_7 = 0\n");
    for i in 0..loops {
        src += &format!("def f{i}(items):\n    for x in items:\n        print(x)\n");
    }
    let module = parse_module(&src).expect("parses");
    let scopes = scopes_of(&module);
    let names = super::program_names(&module);
    let mut rw = super::Rewriter::new(&names, &scopes);
    let mut body = module.body.clone();
    for pass in PASSES {
        body = (pass.run)(&mut rw, body);
    }
    let text = python(&crate::ast::Module {
        body,
        span: module.span,
        temporaries: Default::default(),
    });
    for expected in [
        "_iter_items = iter(items)",
        "_iter_items_2 = ",
        "_iter_items_4 = ",
    ] {
        assert!(text.contains(expected), "{expected} missing");
    }
    assert!(!text.contains("_iter_items_3 = iter") && !text.contains("_iter_items_7 = iter"));
    assert!(text.contains(&format!("_iter_items_{} = iter", loops + 2)));
    // One probe per temporary, plus one per learner's name in the way.
    assert!(
        rw.probes <= rw.temps.len() + 2,
        "{} probes for {} temporaries",
        rw.probes,
        rw.temps.len()
    );
}

/// The `match` pass, shown on one program: the subject is evaluated once, each case is
/// one test of an `if`/`elif` chain, and a case binds its names after its whole pattern
/// matched (in the body, or just before a guard), then lets go of the subject.
#[test]
fn match_becomes_an_if_chain_on_the_subject() {
    let src = "\
def f(command):
    match command.split():
        case [\"go\", where] if where != \"up\":
            return where
        case [verb, *rest]:
            return verb, rest
        case {\"k\": 1 | 2 as k}:
            return k
        case _:
            return None
";
    let module = parse_module(src).expect("parses");
    let rewritten = desugar_one(&module, &scopes_of(&module), "match").expect("pass exists");
    assert_eq!(
        python(&rewritten),
        "\
def f(command):
    _subject = command.split()
    if _match_seq(_subject) and len(_subject) == 2 and _subject[0] == 'go' and [(where := _subject[1])] and where != 'up':
        del _subject
        return where
    elif _match_seq(_subject) and len(_subject) >= 1:
        verb = _subject[0]
        rest = list(_subject[1:])
        del _subject
        return verb, rest
    elif _match_map(_subject) and 'k' in _subject and (_subject['k'] == 1 or _subject['k'] == 2):
        k = _subject['k']
        del _subject
        return k
    else:
        del _subject
        return None
"
    );
}
