//! (stub: the resolve/cfg helper replaces this file)
use crate::ast::Module;
use crate::diagnostic::Diagnostic;

/// The scope of every function: which names are locals (slots), cells, free or global.
#[derive(Debug, Clone, Default)]
pub struct Scopes {}

/// Static checks with CPython's wording, then name resolution.
pub fn resolve(_module: &Module) -> Result<Scopes, Diagnostic> {
    todo!("resolve")
}
