use crate::span::SourceFile;

/// The headline and `line:col` peel refuses `src` with, or `None` when it compiles.
fn refusal(src: &str) -> Option<(String, usize, usize)> {
    let source = SourceFile::new("t.py", src.to_string());
    let d = crate::compile(&source).err()?;
    let start = d.span.start as usize;
    Some((d.message, source.line_of(start), source.column_of(start)))
}

fn refused(src: &str, message: &str, line: usize, col: usize) {
    assert_eq!(
        refusal(src),
        Some((format!("peel does not support {message}"), line, col)),
        "{src}"
    );
}

fn accepted(src: &str) {
    assert_eq!(refusal(src), None, "{src}");
}

#[test]
fn constructs_the_grammar_lacks() {
    refused(
        "try:\n    pass\nexcept* ValueError:\n    pass\n",
        "'except*'",
        3,
        1,
    );
    refused(
        "try:\n    pass\nexcept *ValueError:\n    pass\n",
        "'except*'",
        3,
        1,
    );
    accepted("class A:\n    pass\n");
    refused(
        "class S(list):\n    pass\n",
        "subclassing the builtin class 'list'",
        1,
        9,
    );
    refused("class M(metaclass=type):\n    pass\n", "metaclasses", 1, 9);
    refused(
        "def f(*args: *tuple[int]):\n    pass\n",
        "a starred annotation of '*args'",
        1,
        14,
    );
    // `match` and `case` stay ordinary names.
    accepted("match = [1]\ncase = 2\nprint(match[0], case)\nmatch: int = 3\n");
    accepted("x = 1\nmatch x:\n    case 1:\n        pass\n");
    accepted("match (x):\n    case _: pass\n");
    accepted("match -x:\n    case _: pass\n");
}

#[test]
fn constructs_the_tree_shows() {
    refused(
        "async def f(a):\n    return [x async for x in a]\n",
        "asynchronous comprehensions",
        2,
        12,
    );
    refused(
        "async def f(a):\n    return {x: 1 async for x in a}\n",
        "asynchronous comprehensions",
        2,
        12,
    );
    refused(
        "async def f(a):\n    return (x async for x in a)\n",
        "asynchronous generator expressions",
        2,
        12,
    );
    // CPython accepts an async generator expression in any function.
    refused(
        "def f(a):\n    return (x async for x in a)\n",
        "asynchronous generator expressions",
        2,
        12,
    );
    refused(
        "def f(a):\n    return (await x for x in a)\n",
        "asynchronous generator expressions",
        2,
        12,
    );
    refused(
        "async def f(a):\n    return [await x for x in a]\n",
        "'await' inside a comprehension",
        2,
        13,
    );
    refused("async def f():\n    yield 1\n", "async generators", 1, 1);
    refused("f = lambda: (yield)\n", "'yield' inside a lambda", 1, 14);
    accepted("with x:\n    pass\n");
    accepted("async def f(a):\n    async for x in a:\n        pass\n");
    refused("x = 1 + 2j\n", "complex numbers", 1, 9);
}

#[test]
fn modules_cpython_has_and_peel_lacks() {
    refused("print(1)\nimport random\n", "the module 'random'", 2, 8);
    refused("import time, os.path\n", "the module 'os.path'", 1, 14);
    refused(
        "from collections import deque\n",
        "the module 'collections'",
        1,
        1,
    );
    refused(
        "import asyncio.taskgroups\n",
        "the module 'asyncio.taskgroups'",
        1,
        8,
    );
    // CPython has no such module either: ModuleNotFoundError at run time, as in CPython.
    accepted("import numpy\n");
    accepted("def f():\n    import asyncio.nothing\n");
}

#[test]
fn names_of_peels_modules_that_cpython_has_and_peel_lacks() {
    refused(
        "import asyncio\nasync def main():\n    async with asyncio.TaskGroup() as g:\n        pass\n",
        "asyncio.TaskGroup",
        3,
        16,
    );
    refused(
        "from asyncio import sleep, TaskGroup\n",
        "asyncio.TaskGroup",
        1,
        28,
    );
    refused(
        "import time as t\nprint(t.strftime('%Y'))\n",
        "time.strftime",
        2,
        7,
    );
    // A typo CPython lacks too stays an AttributeError at run time.
    accepted("import asyncio\ndef f():\n    return asyncio.TaskGrop\n");
    // The program's own attributes of a module, and a name that is not only the module.
    accepted("import time\ntime.strftime = 1\nprint(time.strftime)\n");
    accepted("import time\ntime = {}\ndef f():\n    return time.strftime\n");
    accepted("import time\ndef f(time):\n    return time.strftime\n");
}

#[test]
fn builtins_cpython_has_and_peel_lacks() {
    refused("print(1)\nf = open('x')\n", "the builtin 'open'", 2, 5);
    refused("def f():\n    return dir()\n", "the builtin 'dir'", 2, 12);
    refused(
        "print([x for x in vars()])\n",
        "vars() without an argument",
        1,
        19,
    );
    // The program's own `open`, at module level or in a function.
    accepted("def open(x):\n    return x\nprint(open(1))\n");
    accepted("def f(dir):\n    return dir()\n");
    accepted("def f():\n    vars = 1\n    return [vars for _ in 'ab']\n");
    // Names CPython lacks are NameErrors at run time.
    accepted("def f():\n    return opne()\n");
}

#[test]
fn forms_of_builtin_calls_peel_lacks() {
    refused("it = iter(input, '')\n", "iter(callable, sentinel)", 1, 6);
    accepted("sentinel = object()\n");
    refused(
        "T = type('T', (), {})\n",
        "creating classes with type()",
        1,
        5,
    );
    accepted("print(type(1), iter([1]))\ndef f(object):\n    return object()\n");
}

#[test]
fn the_first_refusal_in_the_source_is_reported() {
    refused(
        "import random\nwith x:\n    pass\n",
        "the module 'random'",
        1,
        8,
    );
    refused("x = open\nimport random\n", "the builtin 'open'", 1, 5);
}

#[test]
fn every_kind_has_one_wording() {
    use super::Unsupported;
    let d = Unsupported::Module("random".into()).at(crate::span::Span::new(0, 1));
    assert_eq!(
        d.headline(),
        "SyntaxError: peel does not support the module 'random'"
    );
    assert_eq!(
        Unsupported::ModuleAttribute {
            module: "asyncio".into(),
            name: "TaskGroup".into()
        }
        .what(),
        "asyncio.TaskGroup"
    );
    assert_eq!(
        Unsupported::Builtin("open".into()).what(),
        "the builtin 'open'"
    );
}

#[test]
fn the_modules_note_names_peels_modules() {
    let d = super::Unsupported::Module("os".into()).at(crate::span::Span::new(0, 1));
    for m in crate::runtime::modules::PROVIDED {
        assert!(d.notes[0].contains(m), "{m} is missing from {:?}", d.notes);
    }
}

#[test]
fn parenthesized_with_items() {
    refused(
        "import asyncio\nasync def f():\n    async with (asyncio.Lock() as a, asyncio.Lock()):\n        pass\n",
        "'as' inside the parentheses of 'async with'",
        3,
        5,
    );
    refused(
        "with (a as b, c):\n    pass\n",
        "parentheses around the items of 'with'",
        1,
        1,
    );
    // A mistake in the parentheses is the learner's own.
    assert_eq!(
        refusal("async def f():\n    async with (a b):\n        pass\n").map(|r| r.0),
        Some("invalid syntax. Perhaps you forgot a comma?".to_string())
    );
    accepted("import asyncio\nasync def f():\n    async with (asyncio.Lock(), asyncio.Lock()):\n        pass\n");
}

#[test]
fn builtins_with_dunder_names() {
    refused("print(__debug__)\n", "the builtin '__debug__'", 1, 7);
    refused("m = __import__('time')\n", "the builtin '__import__'", 1, 5);
    accepted("__debug__x = 1\nprint(__name__, __file__)\n");
    accepted("def f():\n    global __import__\n    __import__ = 1\nprint(__import__)\n");
}
