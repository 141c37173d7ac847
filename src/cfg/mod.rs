//! (stub: the resolve/cfg helper replaces this file)
pub mod ir;
pub use ir::*;

use crate::ast::Module;
use crate::resolve::Scopes;
use crate::span::SourceFile;

/// The resolved AST lowered to basic blocks.
pub fn build(_module: &Module, _scopes: &Scopes) -> Program {
    todo!("cfg build")
}

/// The `cfg` stage printer.
pub fn print(_program: &Program, _source: &SourceFile) -> String {
    todo!("cfg printer")
}
