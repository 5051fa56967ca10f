//! From items per module to formatted files: each module is one file, parents declare
//! their children, and every file starts with the `@generated` header.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::ModulePath;
use super::{docs, EmitError};
use crate::ident;

/// The docs and items of one module. Items are formatted as they come, so that only the
/// text of a crate is kept, not its tokens: the tokens and syntax tree of an item take
/// some fifty times the memory of its text.
#[derive(Default)]
struct Module {
    docs: String,
    items: Vec<String>,
}

/// What the entries of a long list are, which decides how a marker among them is
/// written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOf {
    /// Named fields of a struct.
    Fields,
    /// Items of an `impl` block.
    ImplItems,
}

/// Entries formatted at once in a long list: the tokens and syntax tree of a chunk this
/// long take a few megabytes.
const CHUNK: usize = 256;

/// Names of the markers that delimit a chunk of a long list.
const START: &str = "__codegen_chunk_start";
const END: &str = "__codegen_chunk_end";

impl ListOf {
    fn marker(self, name: &str) -> TokenStream {
        let name = quote::format_ident!("{name}");
        match self {
            Self::Fields => quote!(pub #name: (),),
            Self::ImplItems => quote!(fn #name() {}),
        }
    }
}

/// The modules of the crate being generated, by path (the root is the empty path).
pub struct Modules {
    modules: BTreeMap<ModulePath, Module>,
}

impl Modules {
    /// The crate root with `crate_docs`, and the `types` and `operation` modules.
    pub fn new(crate_docs: String) -> Self {
        let mut modules = BTreeMap::new();
        let docs = |text: &str| Module {
            docs: text.to_owned(),
            items: Vec::new(),
        };
        modules.insert(ModulePath(Vec::new()), docs(&crate_docs));
        modules.insert(
            ModulePath::types(),
            docs("Structures, unions and enums shared by operations."),
        );
        modules.insert(
            ModulePath::errors(),
            docs("The error shapes operations document, as they travel on the wire."),
        );
        modules.insert(
            ModulePath::operations(),
            docs("One module per operation: input, output, error and the wire codec."),
        );
        Self { modules }
    }

    /// Sets the docs of `module`.
    pub fn set_docs(&mut self, module: &ModulePath, docs: String) {
        self.modules.entry(module.clone()).or_default().docs = docs;
    }

    /// Appends an item (or several) to `module`, formatted.
    pub fn add_item(&mut self, module: &ModulePath, item: TokenStream) -> Result<(), EmitError> {
        let text = format_items(&file_of(module), item)?;
        self.modules
            .entry(module.clone())
            .or_default()
            .items
            .push(text);
        Ok(())
    }

    /// Appends `wrap(entries)` to `module`, formatted, where the entries are one list
    /// the formatter prints one entry per line (`pub struct X { entries }`,
    /// `impl X { entries }`). A long list is made and formatted a chunk at a time, so
    /// that a structure of 100,000 members never has all its tokens in memory at once;
    /// the text is the same, as prettyplease formats each entry of such a list alone.
    pub fn add_with_list<I>(
        &mut self,
        module: &ModulePath,
        list: ListOf,
        entries: I,
        wrap: impl Fn(TokenStream) -> TokenStream,
    ) -> Result<(), EmitError>
    where
        I: IntoIterator<Item = Result<TokenStream, EmitError>>,
    {
        let file = file_of(module);
        let mut entries = entries.into_iter();
        let mut chunk: Vec<TokenStream> = entries.by_ref().take(CHUNK).collect::<Result<_, _>>()?;
        let mut next: Vec<TokenStream> = entries.by_ref().take(CHUNK).collect::<Result<_, _>>()?;
        if next.is_empty() {
            return self.add_item(module, wrap(quote!(#(#chunk)*)));
        }
        let (start, end) = (list.marker(START), list.marker(END));
        let mut text = String::new();
        let mut first = true;
        loop {
            let formatted = format_items(&file, wrap(quote!(#start #(#chunk)* #end)))?;
            let (before, rest) = split_at_line(&formatted, START, &file)?;
            let (body, after) = split_at_line(rest, END, &file)?;
            if first {
                text.push_str(before);
                first = false;
            }
            text.push_str(body);
            if next.is_empty() {
                text.push_str(after);
                break;
            }
            chunk = next;
            next = entries.by_ref().take(CHUNK).collect::<Result<_, _>>()?;
        }
        self.modules
            .entry(module.clone())
            .or_default()
            .items
            .push(text);
        Ok(())
    }

    /// Every module as a formatted file. Modules without items or children are left out
    /// (the error module of a service without errors), except the ones the crate docs
    /// link to.
    pub fn render(mut self, header: &str) -> Result<BTreeMap<PathBuf, String>, EmitError> {
        self.prune();
        let children = self.children();
        let mut files = BTreeMap::new();
        for (path, module) in &self.modules {
            let mods = children.get(path).into_iter().flatten().map(|child| {
                // The examples module serves tests, the schema module the runtime's
                // codecs: neither is for users to read.
                let hidden = (path.0.is_empty()
                    && [super::example::MODULE, super::schema::MODULE].contains(&child.as_str()))
                .then(|| quote!(#[doc(hidden)]));
                let child = ident::to_ident(child);
                quote!(#hidden pub mod #child;)
            });
            let docs = docs::inner_attrs(&module.docs);
            let lints = if path.0.is_empty() {
                quote!(#![deny(missing_docs)])
            } else if *path == super::schema::module() {
                // Statics are named after their shapes, as the codecs report them.
                quote!(#![allow(non_upper_case_globals, missing_docs)])
            } else {
                quote!()
            };
            let head = quote! {
                #docs
                #lints
                #(#mods)*
            };
            let file = file_of(path);
            // prettyplease prints a file's items one after the other, each on lines of
            // its own, so formatting them apart gives the same text.
            let mut text = format_file(&file, header, head)?;
            text.extend(module.items.iter().map(String::as_str));
            files.insert(PathBuf::from(&file), text);
        }
        Ok(files)
    }

    /// Drops modules with no items and no descendants with items.
    fn prune(&mut self) {
        let keep: Vec<ModulePath> = self
            .modules
            .iter()
            .filter(|(_, m)| !m.items.is_empty())
            .map(|(p, _)| p.clone())
            .collect();
        let linked = [ModulePath::types(), ModulePath::operations()];
        self.modules.retain(|path, _| {
            path.0.is_empty()
                || linked.contains(path)
                || keep.iter().any(|k| k.0.starts_with(&path.0))
        });
    }

    /// Module path → names of its child modules, in order.
    fn children(&self) -> BTreeMap<ModulePath, Vec<String>> {
        let mut children: BTreeMap<ModulePath, Vec<String>> = BTreeMap::new();
        for path in self.modules.keys() {
            if let Some((last, parent)) = path.0.split_last() {
                children
                    .entry(ModulePath(parent.to_vec()))
                    .or_default()
                    .push(last.clone());
            }
        }
        children
    }
}

/// The file of `module`, relative to the crate directory.
fn file_of(module: &ModulePath) -> String {
    if module.0.is_empty() {
        "src/lib.rs".to_owned()
    } else {
        module.file()
    }
}

/// The text before the line holding `marker` and the text after that line.
fn split_at_line<'t>(
    text: &'t str,
    marker: &str,
    file: &str,
) -> Result<(&'t str, &'t str), EmitError> {
    let at = text.find(marker).ok_or_else(|| EmitError::InvalidCode {
        file: file.to_owned(),
        message: format!("the formatter lost the marker `{marker}`"),
    })?;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    Ok((&text[..start], &text[end..]))
}

/// Formats one file with `prettyplease`, behind the header.
pub fn format_file(file: &str, header: &str, tokens: TokenStream) -> Result<String, EmitError> {
    Ok(format!("{header}{}", format_items(file, tokens)?))
}

/// Formats items (or a whole file) of `file` with `prettyplease`.
fn format_items(file: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| EmitError::InvalidCode {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    Ok(prettyplease::unparse(&parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same module formatted at once and a chunk at a time.
    fn both_ways(
        list: ListOf,
        entries: Vec<TokenStream>,
        wrap: impl Fn(TokenStream) -> TokenStream,
    ) {
        let module = ModulePath::types();
        let mut chunked = Modules::new(String::new());
        chunked
            .add_with_list(&module, list, entries.iter().cloned().map(Ok), &wrap)
            .expect("formats");
        let whole = format_items("whole.rs", wrap(quote!(#(#entries)*))).expect("formats");
        let chunked = &chunked.modules[&module].items[0];
        assert_eq!(chunked, &whole);
    }

    #[test]
    fn long_lists_format_a_chunk_at_a_time_as_at_once() {
        for count in [1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7] {
            let fields = (0..count)
                .map(|i| {
                    let name = quote::format_ident!("field_{i}");
                    let doc = format!(" Field {i}, documented at some length so that {}.", "the line wraps".repeat(i % 5));
                    let ty = if i % 3 == 0 {
                        quote!(::std::option::Option<::std::vec::Vec<::std::collections::BTreeMap<::std::string::String, ::std::string::String>>>)
                    } else {
                        quote!(u32)
                    };
                    quote! {
                        #[doc = #doc]
                        #[serde(rename = "Field", skip_serializing_if = "::std::option::Option::is_none")]
                        pub #name: #ty,
                    }
                })
                .collect();
            both_ways(ListOf::Fields, fields, |fields| {
                quote! {
                    /// A structure.
                    #[derive(Clone, Debug)]
                    pub struct Long { #fields }
                }
            });
            let functions = (0..count)
                .map(|i| {
                    let name = quote::format_ident!("set_{i}");
                    quote! {
                        /// Sets it.
                        #[inline]
                        pub fn #name(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                            self.value = ::std::option::Option::Some(value.into());
                            self
                        }
                    }
                })
                .collect();
            both_ways(ListOf::ImplItems, functions, |functions| {
                quote! {
                    #[allow(deprecated)]
                    impl Long { #functions }
                }
            });
        }
    }
}
