//! Parsing the macro's options into `weld_bindgen::Options`, and turning the
//! generated bindings (or errors) into the macro's output.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use std::path::PathBuf;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Error, Ident, LitBool, LitStr, Token, braced, bracketed};
use weld_bindgen::{ExportParams, Options, Source};

/// One `name = value` (attribute) or `name: value` (generate!) option.
struct Opt {
    name: Ident,
    value: Value,
}

enum Value {
    Str(LitStr),
    Bool(LitBool),
    Paths(Vec<syn::Path>),
}

impl Parse for Opt {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
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
            bracketed!(content in input);
            let paths = Punctuated::<syn::Path, Token![,]>::parse_terminated(&content)?;
            Value::Paths(paths.into_iter().collect())
        } else {
            return Err(input.error("expected a string, `true`/`false` or `[paths]`"));
        };
        Ok(Opt { name, value })
    }
}

fn parse_opts(tokens: TokenStream) -> syn::Result<Vec<Opt>> {
    let parser = Punctuated::<Opt, Token![,]>::parse_terminated;
    Ok(parser.parse2(tokens)?.into_iter().collect())
}

/// `#[shared_world(..)] mod name {}`: the bindings go inside the module.
pub fn expand_attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let module: syn::ItemMod = match syn::parse2(item) {
        Ok(m) => m,
        Err(_) => {
            let msg = "#[shared_world] goes on an empty module: `#[weld::shared_world(..)] mod bindings {}`";
            return Error::new(Span::call_site(), msg).to_compile_error();
        }
    };
    let bindings = match parse_opts(args).and_then(|o| bindings(o, Span::call_site())) {
        Ok(b) => b,
        Err(e) => e.to_compile_error(),
    };
    let (attrs, vis, ident) = (&module.attrs, &module.vis, &module.ident);
    let existing = module.content.map(|(_, items)| items).unwrap_or_default();
    quote! {
        #(#attrs)*
        #[allow(dead_code, unused_imports, clippy::all)]
        #vis mod #ident {
            #bindings
            #(#existing)*
        }
    }
}

/// `generate!({ .. })`: the bindings go where the macro is invoked.
pub fn expand_function_like(input: TokenStream) -> TokenStream {
    let parsed = (|input: ParseStream| {
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

/// Generates the bindings for `opts`.
fn bindings(opts: Vec<Opt>, span: Span) -> syn::Result<TokenStream> {
    let (options, source_span) = to_options(opts, span)?;
    let generated =
        weld_bindgen::generate(&options).map_err(|e| Error::new(source_span, e.to_string()))?;
    let files = generated.files.iter().map(|f| f.display().to_string());
    let tokens = generated.tokens;
    dump(&options, &tokens);
    Ok(quote! {
        #(const _: &[u8] = include_bytes!(#files);)*
        #tokens
    })
}

fn to_options(opts: Vec<Opt>, span: Span) -> syn::Result<(Options, Span)> {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| String::from(".")));
    let mut path: Option<PathBuf> = None;
    let mut inline: Option<String> = None;
    let mut source_span = span;
    let mut options = Options::new(Source::Inline(String::new()));
    options.crate_name =
        std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| String::from("unknown"));
    for Opt { name, value } in opts {
        match (name.to_string().as_str(), value) {
            ("path", Value::Str(s)) => {
                source_span = s.span();
                path = Some(root.join(s.value()));
            }
            ("inline", Value::Str(s)) => {
                source_span = s.span();
                inline = Some(s.value());
            }
            ("world", Value::Str(s)) => {
                source_span = s.span();
                options.world = Some(s.value());
            }
            ("export_params", Value::Str(s)) => options.export_params = export_params(&s)?,
            ("runtime_path", Value::Str(s)) => options.runtime_path = s.value(),
            ("export_macro_name", Value::Str(s)) => options.export_macro_name = s.value(),
            ("pub_export_macro", Value::Bool(b)) => options.pub_export_macro = b.value,
            ("additional_derives", Value::Paths(p)) => {
                options.additional_derives = p
                    .iter()
                    .map(|p| p.to_token_stream().to_string().replace(' ', ""))
                    .collect();
            }
            (other, _) => return Err(Error::new(name.span(), unknown_option(other))),
        }
    }
    options.source = match (path, inline) {
        (Some(p), Some(i)) => Source::PathAndInline(p, i),
        (None, Some(i)) => Source::Inline(i),
        (Some(p), None) => Source::Path(p),
        (None, None) => Source::Path(root.join("wit")),
    };
    Ok((options, source_span))
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

fn unknown_option(name: &str) -> String {
    let known = "path, inline, world, export_params, additional_derives, runtime_path, export_macro_name, pub_export_macro";
    format!("unknown option `{name}` (or a value of the wrong kind); weld's options are: {known}")
}

/// With `WELD_DEBUG_DUMP=<dir>`, writes the generated code to
/// `<dir>/<crate>.rs` for reading.
fn dump(options: &Options, tokens: &TokenStream) {
    if let Ok(dir) = std::env::var("WELD_DEBUG_DUMP") {
        let file = PathBuf::from(dir).join(format!("{}.rs", options.crate_name));
        let _ = std::fs::write(file, tokens.to_string());
    }
}
