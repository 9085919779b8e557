//! The name of the const-generic type that matches a shape, e.g. `Mlp2<2, 8, 1>`.

use core::fmt;

/// `{prefix}{depth}<{sizes}>`: the const-generic network type of these sizes (inputs, then
/// each layer's outputs), e.g. `Mlp2<2, 8, 1>`. Formatted without allocating.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TypeName<'a> {
    /// `Mlp` or `QMlp`.
    pub(crate) prefix: &'a str,
    /// Inputs, then each layer's outputs.
    pub(crate) sizes: &'a [usize],
}

impl TypeName<'_> {
    /// Whether the crate has such a type (one to five layers).
    pub(crate) fn exists(&self) -> bool {
        (2..=6).contains(&self.sizes.len())
    }
}

impl fmt::Display for TypeName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}<", self.prefix, self.sizes.len().saturating_sub(1))?;
        for (k, n) in self.sizes.iter().enumerate() {
            write!(f, "{}{n}", if k > 0 { ", " } else { "" })?;
        }
        f.write_str(">")
    }
}

/// The sizes of a network: `inputs`, then each layer's outputs.
#[cfg(feature = "alloc")]
pub(crate) fn sizes(inputs: usize, outputs: impl Iterator<Item = usize>) -> alloc::vec::Vec<usize> {
    core::iter::once(inputs).chain(outputs).collect()
}

/// The name of the const-generic type of these sizes, if there is one (see [`TypeName`]).
#[cfg(feature = "alloc")]
pub(crate) fn type_name(prefix: &str, sizes: &[usize]) -> Option<alloc::string::String> {
    use alloc::string::ToString;
    let name = TypeName { prefix, sizes };
    name.exists().then(|| name.to_string())
}
