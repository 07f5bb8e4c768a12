//! Parsing the macro's options into `weld_bindgen::Options`, and turning the
//! generated bindings (or errors) into the macro's output.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use std::path::PathBuf;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Error, Ident, LitBool, LitStr, Token, braced, bracketed};
use weld_bindgen::option_table::{self, Status, ValueKind};
use weld_bindgen::{
    ErrorKind, ExportParams, Options, Ownership, RustPath, Source, WitSource, WithTarget,
};

/// One `name = value` (attribute) or `name: value` (generate!) option, or
/// a bare `name` (wit-bindgen's flags: `generate_all`, `stubs`, ..).
struct Opt {
    name: Ident,
    value: Value,
}

enum Value {
    /// No value: a flag.
    Flag(Span),
    Str(LitStr),
    Bool(LitBool),
    Paths(Vec<syn::Path>, Span),
    Strs(Vec<LitStr>, Span),
    /// `{ "ns:pkg/iface": path::to::module, "..": generate }`.
    With(Vec<(LitStr, WithTarget)>, Span),
    /// `{ "ns:pkg/iface/type": [#[attr], ..], .. }`: each selector with
    /// one attribute (as source text) per entry.
    Attrs(Vec<(String, String)>, Span),
    /// Anything else (`ownership: Borrowing { .. }`, say), as text: kept so
    /// that the error can name the option rather than the first unexpected
    /// token.
    Other(Span, String),
}

impl Value {
    fn span(&self) -> Span {
        match self {
            Value::Str(s) => s.span(),
            Value::Bool(b) => b.span,
            Value::Flag(span)
            | Value::Paths(_, span)
            | Value::Strs(_, span)
            | Value::With(_, span)
            | Value::Attrs(_, span)
            | Value::Other(span, _) => *span,
        }
    }
}

impl Parse for Opt {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        // `async` is a keyword: take any identifier.
        let name = Ident::parse_any(input)?;
        if input.is_empty() || input.peek(Token![,]) {
            let span = name.span();
            return Ok(Opt {
                name,
                value: Value::Flag(span),
            });
        }
        if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
        } else {
            input.parse::<Token![:]>()?;
        }
        let value = if input.peek(LitStr) {
            Value::Str(input.parse()?)
        } else if input.peek(LitBool) {
            Value::Bool(input.parse()?)
        } else if input.peek(syn::token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            if content.peek(LitStr) {
                let strs = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
                Value::Strs(strs.into_iter().collect(), bracket.span.join())
            } else {
                let paths = Punctuated::<syn::Path, Token![,]>::parse_terminated(&content)?;
                Value::Paths(paths.into_iter().collect(), bracket.span.join())
            }
        } else if input.peek(syn::token::Brace) && name.to_string().ends_with("_attributes") {
            let content;
            let brace = braced!(content in input);
            let entries = Punctuated::<AttrEntry, Token![,]>::parse_terminated(&content)?;
            let pairs = entries.into_iter().flat_map(|e| {
                let key = e.key.value();
                e.attrs
                    .into_iter()
                    .map(move |a| (key.clone(), a.to_token_stream().to_string()))
            });
            Value::Attrs(pairs.collect(), brace.span.join())
        } else if input.peek(syn::token::Brace) && name == "with" {
            let content;
            let brace = braced!(content in input);
            let entries = Punctuated::<WithEntry, Token![,]>::parse_terminated(&content)?;
            let entries = entries.into_iter().map(|e| (e.key, e.target)).collect();
            Value::With(entries, brace.span.join())
        } else {
            let span = input.span();
            let mut tokens = TokenStream::new();
            while !input.is_empty() && !input.peek(Token![,]) {
                tokens.extend([input.parse::<proc_macro2::TokenTree>()?]);
            }
            Value::Other(span, tokens.to_string())
        };
        Ok(Opt { name, value })
    }
}

/// `"ns:pkg/iface/type": [#[attr] ..]`.
struct AttrEntry {
    key: LitStr,
    attrs: Vec<syn::Attribute>,
}

impl Parse for AttrEntry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: LitStr = input.parse()?;
        input.parse::<Token![:]>()?;
        let content;
        let bracket = bracketed!(content in input);
        let attrs = content.call(syn::Attribute::parse_outer)?;
        if !content.is_empty() {
            return Err(content.error("expected an outer attribute, `#[...]`"));
        }
        if attrs.is_empty() {
            let msg = "the list of attributes is empty";
            return Err(Error::new(bracket.span.join(), msg));
        }
        Ok(AttrEntry { key, attrs })
    }
}

/// `"ns:pkg/iface": path::to::module` or `"ns:pkg/iface": generate`.
struct WithEntry {
    key: LitStr,
    target: WithTarget,
}

impl Parse for WithEntry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: LitStr = input.parse()?;
        if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
        } else {
            input.parse::<Token![:]>()?;
        }
        let path: syn::Path = input.parse()?;
        let target = if path.is_ident("generate") {
            WithTarget::Generate
        } else {
            WithTarget::Path(RustPath::new(path.to_token_stream()))
        };
        Ok(WithEntry { key, target })
    }
}

fn parse_opts(tokens: TokenStream) -> syn::Result<Vec<Opt>> {
    let parser = Punctuated::<Opt, Token![,]>::parse_terminated;
    Ok(parser.parse2(tokens)?.into_iter().collect())
}

/// `#[shared_world(..)] mod name {}`: the bindings go inside the module.
pub fn expand_attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let module: syn::ItemMod = match syn::parse2(item.clone()) {
        Ok(m) => m,
        Err(_) => {
            let msg = "#[shared_world] goes on a module, not on this item: `#[weld::shared_world(..)] mod bindings {}`";
            return Error::new_spanned(item, msg).to_compile_error();
        }
    };
    let bindings = match parse_opts(args).and_then(|o| bindings(o, Span::call_site())) {
        Ok(b) => b,
        Err(e) => e.to_compile_error(),
    };
    let (vis, ident) = (&module.vis, &module.ident);
    // `//!` docs and other inner attributes must stay first inside the module.
    let (inner, outer): (Vec<_>, Vec<_>) = module
        .attrs
        .iter()
        .partition(|a| matches!(a.style, syn::AttrStyle::Inner(_)));
    let existing = module.content.map(|(_, items)| items).unwrap_or_default();
    quote! {
        #(#outer)*
        #[allow(dead_code, unused_imports, missing_docs, clippy::all)]
        #vis mod #ident {
            #(#inner)*
            #bindings
            #(#existing)*
        }
    }
}

/// `generate!({ .. })`: the bindings go where the macro is invoked.
pub fn expand_function_like(input: TokenStream) -> TokenStream {
    let parsed = (|input: ParseStream| {
        if input.peek(LitStr) {
            return shorthand(input);
        }
        if input.peek(syn::token::Brace) {
            let content;
            braced!(content in input);
            content.parse::<TokenStream>()
        } else {
            input.parse::<TokenStream>()
        }
    })
    .parse2(input);
    match parsed
        .and_then(parse_opts)
        .and_then(|o| bindings(o, Span::call_site()))
    {
        Ok(b) => b,
        Err(e) => e.to_compile_error(),
    }
}

/// wit-bindgen's short forms, `generate!("world")` and
/// `generate!("world" in "path")`, as the options they stand for.
fn shorthand(input: ParseStream) -> syn::Result<TokenStream> {
    let world: LitStr = input.parse()?;
    if input.parse::<Option<Token![in]>>()?.is_some() {
        let path: LitStr = input.parse()?;
        Ok(quote!(world: #world, path: #path))
    } else {
        Ok(quote!(world: #world))
    }
}

/// Generates the bindings for `opts`.
fn bindings(opts: Vec<Opt>, span: Span) -> syn::Result<TokenStream> {
    let (options, spans) = to_options(opts)?;
    let generated = std::panic::catch_unwind(|| weld_bindgen::generate(&options))
        .map_err(|panic| Error::new(span, internal_error(panic.as_ref())))?
        .map_err(|e| Error::new(spans.for_error(&e, span), relative_paths(e.to_string())))?;
    let files = generated.files.iter().map(|f| f.display().to_string());
    let tokens = generated.tokens;
    dump(&options, &tokens);
    Ok(quote! {
        #(const _: &[u8] = include_bytes!(#files);)*
        #tokens
    })
}

/// The literals of the options that name the WIT: a generator error points
/// at the one it is about.
#[derive(Default)]
struct Spans {
    path: Option<Span>,
    inline: Option<Span>,
    world: Option<Span>,
    /// Each `with` key and its literal.
    with_keys: Vec<(String, Span)>,
}

impl Spans {
    fn for_error(&self, e: &weld_bindgen::Error, fallback: Span) -> Span {
        let span = match e.kind {
            ErrorKind::MissingPath => self.path,
            ErrorKind::Wit(WitSource::Inline) => self.inline.or(self.path),
            ErrorKind::Wit(WitSource::Path) => self.path.or(self.inline),
            ErrorKind::World | ErrorKind::Unsupported | ErrorKind::Encode => {
                self.world.or(self.inline).or(self.path)
            }
            ErrorKind::Option => None,
            ErrorKind::With(ref key) => self
                .with_keys
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, span)| *span),
        };
        span.unwrap_or(fallback)
    }
}

/// Shows paths under rustc's working directory (the workspace root, under
/// cargo) relative to it, as rustc shows its own: `wit/app.wit:3:5`.
fn relative_paths(message: String) -> String {
    match std::env::current_dir() {
        Ok(cwd) if cwd.parent().is_some() => {
            let prefix = format!("{}{}", cwd.display(), std::path::MAIN_SEPARATOR);
            message.replace(&prefix, "")
        }
        _ => message,
    }
}

/// Turns the parsed options into `weld_bindgen::Options`, reporting every
/// bad option at once.
fn to_options(opts: Vec<Opt>) -> syn::Result<(Options, Spans)> {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| String::from(".")));
    let mut options = Options::new(Source::Path(root.join("wit")));
    options.crate_name =
        std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| String::from("unknown"));
    let mut collected = Collected {
        root,
        path: None,
        inline: None,
        spans: Spans::default(),
        options,
    };
    let mut seen = Vec::new();
    let mut errors: Option<Error> = None;
    for Opt { name, value } in opts {
        let key = name.to_string();
        let result = if seen.contains(&key) {
            let msg = format!("option `{key}` is given more than once");
            Err(Error::new(name.span(), msg))
        } else {
            collected.set(&name, value)
        };
        seen.push(key);
        if let Err(e) = result {
            match &mut errors {
                Some(all) => all.combine(e),
                None => errors = Some(e),
            }
        }
    }
    match errors {
        Some(e) => Err(e),
        None => Ok(collected.finish()),
    }
}

/// The options collected so far.
struct Collected {
    /// The crate's directory, which `path` is relative to.
    root: PathBuf,
    path: Option<PathBuf>,
    inline: Option<String>,
    spans: Spans,
    options: Options,
}

impl Collected {
    /// Sets one option, checking it against weld-bindgen's option table:
    /// known, not refused, a value of the right kind.
    fn set(&mut self, name: &Ident, value: Value) -> syn::Result<()> {
        let key = name.to_string();
        let Some(spec) = option_table::option(&key) else {
            let msg = option_table::unknown_option_message(&key);
            return Err(Error::new(name.span(), msg));
        };
        let refused = || Error::new(name.span(), spec.rejected_message().unwrap_or_default());
        if let Status::Rejected(_) = spec.status {
            return Err(refused());
        }
        if !kind_matches(spec.value, &value) {
            return Err(Error::new(value.span(), spec.expected_message()));
        }
        let options = &mut self.options;
        match (spec.name, value) {
            ("path", Value::Str(s)) => self.set_path(&s),
            ("path", Value::Strs(list, span)) => match list.split_first() {
                Some((first, rest)) => {
                    self.set_path(first);
                    let rest = rest.iter().map(|p| self.root.join(p.value()));
                    self.options.extra_paths = rest.collect();
                }
                None => return Err(Error::new(span, "option `path` lists no WIT path")),
            },
            ("path", Value::Paths(_, span)) => {
                return Err(Error::new(span, "option `path` lists no WIT path"));
            }
            ("inline", Value::Str(s)) => {
                self.spans.inline = Some(s.span());
                self.inline = Some(s.value());
            }
            ("world", Value::Str(s)) => {
                self.spans.world = Some(s.span());
                options.world = Some(s.value());
            }
            ("export_params", Value::Str(s)) => options.export_params = export_params(&s)?,
            ("runtime_path", Value::Str(s)) => options.runtime_path = runtime_path(&s)?,
            ("export_macro_name", Value::Str(s)) => {
                options.export_macro_name = export_macro_name(&s)?;
            }
            ("pub_export_macro", Value::Bool(b)) => options.pub_export_macro = b.value,
            ("additional_derives", Value::Paths(p, _)) => {
                options.additional_derives = p
                    .iter()
                    .map(|p| p.to_token_stream().to_string().replace(' ', ""))
                    .collect();
            }
            ("additional_derives_ignore", value) => {
                options.additional_derives_ignore = strs(&value);
            }
            ("with", Value::With(entries, _)) => {
                for (key, target) in entries {
                    self.spans.with_keys.push((key.value(), key.span()));
                    options.with.push((key.value(), target));
                }
            }
            ("features", value) => options.features = strs(&value),
            ("skip", value) => options.skip = strs(&value),
            ("additional_type_attributes", Value::Attrs(pairs, _)) => {
                options.additional_type_attributes = pairs;
            }
            ("additional_member_attributes", Value::Attrs(pairs, _)) => {
                options.additional_member_attributes = pairs;
            }
            ("stubs", Value::Flag(_)) => options.stubs = true,
            ("raw_strings", Value::Flag(_)) => options.raw_strings = true,
            ("chainable_methods", value) => options.chainable_methods = strs(&value),
            ("sync", Value::Bool(b)) => {
                options.sync = if b.value {
                    vec![String::from("all")]
                } else {
                    Vec::new()
                };
            }
            ("sync", value) => options.sync = strs(&value),
            ("all_features", Value::Flag(_)) => options.all_features = true,
            ("all_features", Value::Bool(b)) => options.all_features = b.value,
            ("map_type", Value::Str(s)) => {
                options.map_type = Some(rust_path(&s, "map_type")?);
            }
            ("default_bindings_module", Value::Str(s)) => {
                options.default_bindings_module = Some(rust_path(&s, "default_bindings_module")?);
            }
            ("ownership", Value::Other(span, v)) => options.ownership = ownership(span, &v)?,
            ("merge_structurally_equal_types", Value::Bool(b)) => {
                options.merge_structurally_equal_types = b.value;
            }
            ("async", Value::Bool(b)) if b.value => return Err(refused()),
            // Accepted with no effect (the table says why), or the default.
            _ if matches!(spec.status, Status::NoOp(_)) => {}
            ("async", Value::Bool(_)) => {}
            (_, value) => return Err(Error::new(value.span(), spec.expected_message())),
        }
        Ok(())
    }

    fn set_path(&mut self, s: &LitStr) {
        self.spans.path = Some(s.span());
        self.path = Some(self.root.join(s.value()));
    }

    fn finish(mut self) -> (Options, Spans) {
        match (self.path, self.inline) {
            (Some(p), Some(i)) => self.options.source = Source::PathAndInline(p, i),
            (None, Some(i)) => self.options.source = Source::Inline(i),
            (Some(p), None) => self.options.source = Source::Path(p),
            (None, None) => {} // the default, `wit`
        }
        (self.options, self.spans)
    }
}

fn export_params(s: &LitStr) -> syn::Result<ExportParams> {
    match s.value().as_str() {
        "owned" => Ok(ExportParams::Owned),
        "borrowed" => Ok(ExportParams::Borrowed),
        other => Err(Error::new(
            s.span(),
            format!("`export_params` is \"owned\" or \"borrowed\", not \"{other}\""),
        )),
    }
}

/// wit-bindgen's `Owning` or `Borrowing { duplicate_if_necessary: bool }`.
fn ownership(span: Span, text: &str) -> syn::Result<Ownership> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match text.as_str() {
        "Owning" => Ok(Ownership::Owning),
        "Borrowing{duplicate_if_necessary:true}" => Ok(Ownership::Borrowing {
            duplicate_if_necessary: true,
        }),
        "Borrowing{duplicate_if_necessary:false}" => Ok(Ownership::Borrowing {
            duplicate_if_necessary: false,
        }),
        _ => Err(Error::new(
            span,
            "`ownership` is `Owning` or `Borrowing { duplicate_if_necessary: true }` (or `false`)",
        )),
    }
}

fn runtime_path(s: &LitStr) -> syn::Result<String> {
    rust_path(s, "runtime_path").map(|p| p.as_str().to_string())
}

/// A string option holding a Rust path, parsed with the literal's span.
fn rust_path(s: &LitStr, option: &str) -> syn::Result<RustPath> {
    match s.parse::<syn::Path>() {
        Ok(path) => Ok(RustPath::new(path.to_token_stream())),
        Err(_) => Err(Error::new(
            s.span(),
            format!(
                "`{option}` is a Rust path like \"::weld\", not \"{}\"",
                s.value()
            ),
        )),
    }
}

fn export_macro_name(s: &LitStr) -> syn::Result<String> {
    match syn::parse_str::<Ident>(&s.value()) {
        Ok(_) => Ok(s.value()),
        Err(_) => Err(Error::new(
            s.span(),
            format!(
                "`export_macro_name` is a Rust identifier like \"export\", not \"{}\"",
                s.value()
            ),
        )),
    }
}

/// Whether `value` is of the kind the option takes (an empty list `[]` is
/// any kind of list).
fn kind_matches(kind: ValueKind, value: &Value) -> bool {
    let empty_list = matches!(value, Value::Paths(p, _) if p.is_empty());
    match kind {
        ValueKind::Str => matches!(value, Value::Str(_)),
        ValueKind::StrOrStrs => matches!(value, Value::Str(_) | Value::Strs(..)) || empty_list,
        ValueKind::Bool => matches!(value, Value::Bool(_)),
        ValueKind::Flag => matches!(value, Value::Flag(_)),
        ValueKind::FlagOrBool => matches!(value, Value::Flag(_) | Value::Bool(_)),
        ValueKind::BoolOrStrs => matches!(value, Value::Bool(_) | Value::Strs(..)) || empty_list,
        ValueKind::Strs => matches!(value, Value::Strs(..)) || empty_list,
        ValueKind::Paths => matches!(value, Value::Paths(..)),
        ValueKind::With => matches!(value, Value::With(..)),
        ValueKind::AttrMap => matches!(value, Value::Attrs(..)),
        ValueKind::Ownership => matches!(value, Value::Other(..)),
    }
}

/// The strings of a list of strings (nothing for `[]`).
fn strs(value: &Value) -> Vec<String> {
    match value {
        Value::Strs(list, _) => list.iter().map(LitStr::value).collect(),
        _ => Vec::new(),
    }
}

/// With `WELD_DEBUG_DUMP=<dir>`, writes the generated code to
/// `<dir>/<crate>.rs` for reading.
fn dump(options: &Options, tokens: &TokenStream) {
    if let Ok(dir) = std::env::var("WELD_DEBUG_DUMP") {
        let file = PathBuf::from(dir).join(format!("{}.rs", options.crate_name));
        let _ = std::fs::write(file, tokens.to_string());
    }
}

/// The message for a panic inside the generator: a bug in weld, reported as
/// a compile error instead of a crashed macro.
fn internal_error(panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    format!(
        "internal error in weld-bindgen (a bug in weld; please report it with this WIT): {what}"
    )
}
