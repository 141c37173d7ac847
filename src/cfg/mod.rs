//! The CFG stage: the resolved AST lowered to basic blocks (see `ir.rs` for the IR itself,
//! `build.rs` for the lowering and `print.rs` for the `peel dump --stage cfg` printer).
//!
//! A learner reading the printed CFG sees what "structured control flow" really is: an
//! `if` is a `branch`, a `while` is a block that jumps back to its test, a `for` loop is
//! `iter()` plus a `for_next` that either hands over the next item or leaves the loop, and
//! a `try` is a region of blocks whose exceptions jump to a handler block.

mod build;
pub mod ir;
mod print;

pub use build::builtin_aliases;
pub use ir::*;
pub use print::{const_repr, float_repr, py_str_repr};
pub(crate) use print::{expr_text, place_text, target_text, Spelling, ATOM, FACTOR, TEST};

use crate::ast::Module;
use crate::resolve::Scopes;
use crate::span::SourceFile;

/// The resolved AST lowered to basic blocks: `functions[0]` is the module body.
pub fn build(module: &Module, scopes: &Scopes) -> Program {
    build::build_program(module, scopes)
}

/// The `cfg` stage printer.
pub fn print(program: &Program, source: &SourceFile) -> String {
    print::print_program(program, source)
}

#[cfg(test)]
mod tests;

/// Checks the IR's internal invariants: every block, slot, constant, global and function
/// index in range, every closure as long as the created function's free slots. `cfg::build`
/// always produces a valid program; tests and the fuzzer call this to make sure.
pub fn validate(program: &Program) -> Result<(), String> {
    validate::program(program)
}

mod validate;
