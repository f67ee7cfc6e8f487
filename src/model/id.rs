//! Typed IDs and the vectors they index.
//!
//! Elements, flows, trust boundaries, identities and data assets each have
//! their own ID type ([`ElementId`], [`FlowId`], [`BoundaryId`],
//! [`IdentityId`], [`DataId`]), a
//! position in the model's [`IdVec`] of that kind. Mixing them up
//! (indexing the flows with an element's ID) is a compile error, not a
//! wrong answer.
//!
//! An ID is valid for the model that issued it: the resolver pushes every
//! object and keeps the ID `push` returns, so every ID inside a resolved
//! model indexes its own vectors; IDs of one model mean nothing in another.
//!
//! An ID wraps a `usize`, the index itself: indexing costs what indexing a
//! `Vec` costs, and no count of objects can overflow it (a `u32` would
//! save four bytes an ID, well under a megabyte at 10,000 elements, and
//! need a limit and its diagnostic in the resolver).
//!
//! [`IdVec`] is a `Vec` indexed by one ID type (after rustc's `IndexVec`);
//! it also serves for side tables (one entry per element, say) built by
//! later stages.

use std::fmt;
use std::iter::Enumerate;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// An ID type: a typed index into an [`IdVec`].
pub trait Idx: Copy + Eq + Ord + std::hash::Hash + fmt::Debug {
    /// The ID of position `i`.
    fn new(i: usize) -> Self;
    /// The position this ID stands for.
    fn index(self) -> usize;
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl Idx for $name {
            #[inline]
            fn new(i: usize) -> Self {
                $name(i)
            }

            #[inline]
            fn index(self) -> usize {
                self.0
            }
        }

        impl $name {
            /// The position this ID stands for (for tables outside the
            /// model that are indexed by position, such as a diagram's
            /// node numbers).
            #[inline]
            pub fn index(self) -> usize {
                self.0
            }
        }
    };
}

id_type!(
    /// An element (actor, process or store) of a [`super::Model`].
    ElementId
);
id_type!(
    /// A flow of a [`super::Model`].
    FlowId
);
id_type!(
    /// A trust boundary of a [`super::Model`].
    BoundaryId
);
id_type!(
    /// An identity (account, role or person) of a [`super::Model`].
    IdentityId
);
id_type!(
    /// A data asset of a [`super::Model`].
    DataId
);

/// A vector indexed by `I` only.
#[derive(Clone, PartialEq)]
pub struct IdVec<I, T> {
    raw: Vec<T>,
    _id: PhantomData<fn(&I)>,
}

impl<I: Idx, T> IdVec<I, T> {
    pub const fn new() -> Self {
        IdVec {
            raw: Vec::new(),
            _id: PhantomData,
        }
    }

    /// The vector whose entry `I::new(i)` is `raw[i]`.
    pub fn from_raw(raw: Vec<T>) -> Self {
        IdVec {
            raw,
            _id: PhantomData,
        }
    }

    /// `n` copies of `value`: a side table for `n` objects.
    pub fn filled(value: T, n: usize) -> Self
    where
        T: Clone,
    {
        Self::from_raw(vec![value; n])
    }

    /// Appends `value` and returns its ID.
    pub fn push(&mut self, value: T) -> I {
        let id = I::new(self.raw.len());
        self.raw.push(value);
        id
    }

    /// Keeps the first `n` entries.
    pub fn truncate(&mut self, n: usize) {
        self.raw.truncate(n);
    }

    pub fn len(&self) -> usize {
        self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    pub fn get(&self, id: I) -> Option<&T> {
        self.raw.get(id.index())
    }

    pub fn get_mut(&mut self, id: I) -> Option<&mut T> {
        self.raw.get_mut(id.index())
    }

    /// Every ID, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.raw.len()).map(I::new)
    }

    /// Every entry with its ID, in order.
    pub fn iter_enumerated(&self) -> IterEnumerated<'_, I, T> {
        IterEnumerated {
            inner: self.raw.iter().enumerate(),
            _id: PhantomData,
        }
    }

    /// The entries in order, without their IDs.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.raw.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.raw.iter_mut()
    }

    /// The entries as a slice (positions, not IDs).
    pub fn raw(&self) -> &[T] {
        &self.raw
    }

    /// The ID of the first entry that satisfies `f`.
    pub fn position(&self, f: impl FnMut(&T) -> bool) -> Option<I> {
        self.raw.iter().position(f).map(I::new)
    }
}

impl<I: Idx, T> Default for IdVec<I, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<I, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.raw.fmt(f)
    }
}

impl<I: Idx, T> Index<I> for IdVec<I, T> {
    type Output = T;

    #[inline]
    fn index(&self, id: I) -> &T {
        &self.raw[id.index()]
    }
}

impl<I: Idx, T> IndexMut<I> for IdVec<I, T> {
    #[inline]
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.raw[id.index()]
    }
}

impl<I: Idx, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Self::from_raw(iter.into_iter().collect())
    }
}

impl<I: Idx, T> Extend<T> for IdVec<I, T> {
    fn extend<It: IntoIterator<Item = T>>(&mut self, iter: It) {
        self.raw.extend(iter);
    }
}

impl<'a, I: Idx, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.raw.iter()
    }
}

impl<'a, I: Idx, T> IntoIterator for &'a mut IdVec<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.raw.iter_mut()
    }
}

impl<I: Idx, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.raw.into_iter()
    }
}

/// [`IdVec::iter_enumerated`].
pub struct IterEnumerated<'a, I, T> {
    inner: Enumerate<std::slice::Iter<'a, T>>,
    _id: PhantomData<fn(&I)>,
}

impl<'a, I: Idx, T> Iterator for IterEnumerated<'a, I, T> {
    type Item = (I, &'a T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|(i, t)| (I::new(i), t))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<I: Idx, T> DoubleEndedIterator for IterEnumerated<'_, I, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|(i, t)| (I::new(i), t))
    }
}

impl<I: Idx, T> ExactSizeIterator for IterEnumerated<'_, I, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_returns_the_id_that_indexes_the_value() {
        let mut v: IdVec<ElementId, &str> = IdVec::new();
        let a = v.push("a");
        let b = v.push("b");
        assert_ne!(a, b);
        assert_eq!((v[a], v[b]), ("a", "b"));
        assert_eq!(v.ids().collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(
            v.iter_enumerated().collect::<Vec<_>>(),
            vec![(a, &"a"), (b, &"b")]
        );
        assert_eq!(v.position(|s| *s == "b"), Some(b));
        assert_eq!(v.get(ElementId::new(2)), None);
    }

    #[test]
    fn ids_order_as_their_positions() {
        assert!(ElementId::new(1) < ElementId::new(2));
        assert_eq!(ElementId::new(7).index(), 7);
    }
}
