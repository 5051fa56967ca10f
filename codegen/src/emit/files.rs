//! From items per module to formatted files: each module is one file, parents declare
//! their children, and every file starts with the `@generated` header.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::ModulePath;
use super::{docs, EmitError};
use crate::ident;

/// The docs and items of one module.
#[derive(Default)]
struct Module {
    docs: String,
    items: Vec<TokenStream>,
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

    /// Appends an item to `module`.
    pub fn add_item(&mut self, module: &ModulePath, item: TokenStream) {
        self.modules
            .entry(module.clone())
            .or_default()
            .items
            .push(item);
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
                let child = ident::to_ident(child);
                quote!(pub mod #child;)
            });
            let docs = docs::inner_attrs(&module.docs);
            let lints = path.0.is_empty().then(|| quote!(#![deny(missing_docs)]));
            let items = &module.items;
            let tokens = quote! {
                #docs
                #lints
                #(#mods)*
                #(#items)*
            };
            let file = if path.0.is_empty() {
                "src/lib.rs".to_owned()
            } else {
                path.file()
            };
            files.insert(PathBuf::from(&file), format_file(&file, header, tokens)?);
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

/// Formats one file with `prettyplease`, behind the header.
pub fn format_file(file: &str, header: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| EmitError::InvalidCode {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    Ok(format!("{header}{}", prettyplease::unparse(&parsed)))
}
