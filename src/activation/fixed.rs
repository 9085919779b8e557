//! Activations chosen at compile time: one zero-sized type per [`Activation`].
//!
//! A layer's activation is a type parameter, [`Activation`] by default, which is chosen at
//! run time (it is what model files and `DynMlp` hold). A layer typed with one of these
//! instead has its activation known to the compiler, so a firmware links that activation's
//! code alone (the `proof-fixed` firmware of `examples/cortex-m/` measures what that saves).
//! The numbers are the same either way.
//!
//! # Examples
//!
//! ```
//! use tinymlp::fixed::Sigmoid;
//! use tinymlp::{Activation, Act, Mlp2, Rng};
//!
//! let net = Mlp2::<2, 2, 1, Sigmoid, Sigmoid>::with_activations((Sigmoid, Sigmoid), &mut Rng::new(0));
//! let same = Mlp2::<2, 2, 1>::new([Activation::Sigmoid; 2], &mut Rng::new(0));
//! assert_eq!(net.predict(&[0.5, -1.0]), same.predict(&[0.5, -1.0]));
//! assert_eq!(Sigmoid.get(), Activation::Sigmoid);
//! assert_eq!(core::mem::size_of::<Sigmoid>(), 0);
//! ```

use super::Activation;

/// A layer's activation: the run-time [`Activation`], or one of the zero-sized types of this
/// module, which fix it at compile time. Sealed.
pub trait Act: Copy + core::fmt::Debug + PartialEq + private::Sealed {
    /// The activation this value stands for.
    fn get(self) -> Activation;

    /// A value of this type for storage that only holds parameters (gradients, optimizer
    /// state): [`Activation::Identity`], or the zero-sized type's only value.
    #[doc(hidden)]
    fn placeholder() -> Self;
}

impl Act for Activation {
    #[inline(always)]
    fn get(self) -> Activation {
        self
    }

    fn placeholder() -> Self {
        Activation::Identity
    }
}

macro_rules! fixed {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
            pub struct $name;

            impl Act for $name {
                #[inline(always)]
                fn get(self) -> Activation {
                    Activation::$name
                }

                #[inline(always)]
                fn placeholder() -> Self {
                    $name
                }
            }

            impl private::Sealed for $name {}
        )+

        /// How many activations this module fixes: every one.
        const FIXED: usize = [$(Activation::$name),+].len();
    };
}

fixed! {
    /// [`Activation::Identity`] at compile time.
    Identity,
    /// [`Activation::Sigmoid`] at compile time.
    Sigmoid,
    /// [`Activation::Tanh`] at compile time.
    Tanh,
    /// [`Activation::Relu`] at compile time.
    Relu,
    /// [`Activation::Softmax`] at compile time.
    Softmax,
    /// [`Activation::FastSigmoid`] at compile time.
    FastSigmoid,
    /// [`Activation::FastTanh`] at compile time.
    FastTanh,
    /// [`Activation::FastSoftmax`] at compile time.
    FastSoftmax,
}

// A new activation must get its type here too.
const _: () = assert!(FIXED == Activation::ALL.len());

mod private {
    pub trait Sealed {}
    impl Sealed for super::Activation {}
}
