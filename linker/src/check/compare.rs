//! Comparing one crate's import of a slot with its provider's export, item
//! by item (rule: every imported function exists in the export with an
//! equal hash; every type both sides name has an equal hash).
//!
//! Only finds differences; the wording lives in `messages`.

use weld_abi::metadata::{Item, ItemKind};

use super::index::Side;
use super::{Diagnostic, Slot, messages};

/// How the types of the two sides differ.
#[derive(Debug, Default)]
pub(super) struct TypeDiff<'a> {
    /// Named on both sides with different hashes.
    pub differing: Vec<&'a str>,
    /// Only the importer's WIT has them.
    pub only_importer: Vec<&'a str>,
    /// Only the provider's WIT has them.
    pub only_provider: Vec<&'a str>,
}

/// What the provider exports in place of a function it lacks.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Candidate<'a> {
    /// A function the importer does not name, with the same hash.
    SameSignature(&'a str),
    /// A function with a similar name.
    SimilarName(&'a str),
    /// Nothing close: all the provider's functions.
    None(Vec<&'a str>),
}

/// Every difference between `importer`'s import of `slot` and
/// `provider`'s export of `exported` (`slot` itself, or the compatible
/// version it binds to). Sides of another ABI version are not compared
/// (their hashes mean something else; the version error covers them). A
/// function the provider lacks is an error only if `called` says the link
/// calls it.
pub(super) fn compare(
    (slot, exported): (&Slot, &Slot),
    importer: &Side<'_>,
    provider: &Side<'_>,
    called: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let bound = (slot, exported);
    if importer.foreign || provider.foreign {
        return Vec::new();
    }
    let types = type_diff(importer, provider);
    let mut out = Vec::new();
    let mut any_differs = false;
    for func in importer.of(ItemKind::Func) {
        match provider.find(ItemKind::Func, &func.name) {
            None if !called(&func.name) => {}
            None => {
                let candidate = candidate(func, importer, provider);
                out.push(messages::missing_function(
                    bound, importer, provider, func, &candidate,
                ));
            }
            Some(exported) if exported.hash != func.hash => {
                any_differs = true;
                out.push(messages::function_differs(
                    bound, importer, provider, func, &types,
                ));
            }
            Some(_) => {}
        }
    }
    if !any_differs {
        for name in &types.differing {
            out.push(messages::type_differs(bound, importer, provider, name));
        }
    }
    out
}

/// The types of the two sides, compared by name.
fn type_diff<'a>(importer: &Side<'a>, provider: &Side<'a>) -> TypeDiff<'a> {
    let mut diff = TypeDiff::default();
    for t in importer.of(ItemKind::Type) {
        match provider.find(ItemKind::Type, &t.name) {
            Some(p) if p.hash != t.hash => diff.differing.push(&t.name),
            Some(_) => {}
            None => diff.only_importer.push(&t.name),
        }
    }
    for t in provider.of(ItemKind::Type) {
        if importer.find(ItemKind::Type, &t.name).is_none() {
            diff.only_provider.push(&t.name);
        }
    }
    diff
}

/// The provider's likeliest replacement for `func`, which it lacks.
fn candidate<'a>(func: &Item, importer: &Side<'_>, provider: &Side<'a>) -> Candidate<'a> {
    let unclaimed: Vec<&'a Item> = provider
        .of(ItemKind::Func)
        .filter(|f| importer.find(ItemKind::Func, &f.name).is_none())
        .collect();
    if let Some(same) = unclaimed.iter().find(|f| f.hash == func.hash) {
        return Candidate::SameSignature(&same.name);
    }
    let similar = unclaimed
        .iter()
        .filter_map(|f| Some((distance(&func.name, &f.name)?, &f.name)))
        .filter(|(d, _)| *d <= (func.name.chars().count() / 3).max(1))
        .min();
    match similar {
        Some((_, name)) => Candidate::SimilarName(name),
        None => Candidate::None(provider.of(ItemKind::Func).map(|f| &*f.name).collect()),
    }
}

/// Levenshtein distance in characters; `None` for names too long to be
/// worth comparing.
pub(super) fn distance(a: &str, b: &str) -> Option<usize> {
    const MAX: usize = 128;
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > MAX || b.len() > MAX {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row.last().copied()
}
