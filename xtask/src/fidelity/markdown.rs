//! `cargo xtask fidelity --markdown <dir>`: the model of a service built from a folder of
//! published Markdown reference pages alone (and, with `--rest <docs>`, merged with the
//! service's reST pages too), measured against botocore's model fact by fact: operations,
//! errors, member paths, member names, shape names, types, numeric widths, HTTP methods,
//! request URIs, success codes and member locations. Each difference is sorted by what
//! the pages print ([`measure`]): only what they state and the model misses counts
//! against the percentages. The bindings figure of `cargo xtask fidelity` follows (every
//! binding botocore states, whether or not the pages print it).

mod measure;
mod pages;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use codegen::diagnostics::{Diagnostic, Severity};
use codegen::ir::{Service, TypeRef, Width};
use codegen::LoadError;
use serde_json::Value;

use super::{write_botocore_models, Args};
use measure::{Class, Fact, Measures, Sides};
use pages::Printed;

/// The targets `--strict` holds the Markdown figures to, in percent of what the pages
/// state: (fact, target).
const TARGETS: [(Fact, f64); 8] = [
    (Fact::Operations, 100.0),
    (Fact::Errors, 100.0),
    (Fact::MemberPaths, 100.0),
    (Fact::MemberNames, 100.0),
    (Fact::Widths, 99.0),
    (Fact::Methods, 100.0),
    (Fact::Uris, 100.0),
    (Fact::Locations, 99.5),
];

/// Runs the Markdown comparison for the services whose pages are in `dir`.
pub fn run(args: &Args, dir: &Path) -> Result<ExitCode> {
    let dir = dir
        .canonicalize()
        .with_context(|| format!("reading {}", dir.display()))?;
    let services: Vec<String> = if args.services.is_empty() {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        vec![name.to_string()]
    } else {
        args.services.clone()
    };
    let yardstick = tempfile::tempdir().context("creating a temporary directory")?;
    let named: Vec<(String, PathBuf)> = services.iter().map(|s| (s.clone(), dir.clone())).collect();
    write_botocore_models(yardstick.path(), &named)?;
    let work = tempfile::tempdir().context("creating a temporary directory")?;

    let mut meets = true;
    for service in &services {
        let path = yardstick.path().join(format!("{service}.json"));
        let theirs: Value = serde_json::from_slice(
            &fs::read(&path).with_context(|| format!("reading {}", path.display()))?,
        )?;
        let metadata = &theirs["service"]["metadata"];
        let uid = metadata["uid"].as_str().map_or_else(
            || {
                format!(
                    "{}-{}",
                    metadata["endpointPrefix"].as_str().unwrap_or_default(),
                    metadata["apiVersion"].as_str().unwrap_or_default()
                )
            },
            str::to_owned,
        );
        let printed = Printed::read(&dir, &uid)?;
        println!(
            "\n== {service} ({uid}): {} pages in {}",
            printed.pages.len(),
            dir.display()
        );
        let toml = service_toml(service, metadata, &uid);
        let alone = folder(&work.path().join("markdown"), service, &toml, &dir, None)?;
        let variant = load(&alone)?;
        meets &= report(
            service,
            "Markdown only",
            &variant,
            &theirs,
            &printed,
            args.show,
        );
        if let Some(rest) = &args.rest {
            let rest_dir = rest.join(service);
            if !rest_dir.join("index.rst").is_file() {
                bail!("no reST pages of {service} in {}", rest.display());
            }
            let merged = folder(
                &work.path().join("merged"),
                service,
                &toml,
                &dir,
                Some(&rest_dir),
            )?;
            let variant = load(&merged)?;
            meets &= report(
                service,
                "merged with reST",
                &variant,
                &theirs,
                &printed,
                args.show,
            );
        }
    }
    println!(
        "\ntargets over what the pages state ({}): {}",
        TARGETS
            .iter()
            .map(|(fact, target)| format!("{} {target}%", fact.name()))
            .collect::<Vec<_>>()
            .join(", "),
        if meets { "met" } else { "NOT met" }
    );
    Ok(if args.strict && !meets {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `service.toml` for the folder: botocore's wire facts, as `import-docs` writes them.
fn service_toml(service: &str, metadata: &Value, uid: &str) -> String {
    let mut toml = toml::map::Map::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(value) = value {
            toml.insert(key.to_string(), toml::Value::String(value.to_string()));
        }
    };
    put("service", Some(service));
    put("protocol", metadata["protocol"].as_str());
    put("json_version", metadata["jsonVersion"].as_str());
    put("target_prefix", metadata["targetPrefix"].as_str());
    put(
        "signing_name",
        metadata["signingName"]
            .as_str()
            .or(metadata["endpointPrefix"].as_str()),
    );
    put("endpoint_prefix", metadata["endpointPrefix"].as_str());
    put("service_id", metadata["serviceId"].as_str());
    put("service_full_name", metadata["serviceFullName"].as_str());
    put("api_version", metadata["apiVersion"].as_str());
    put("uid", Some(uid));
    toml::to_string(&toml).unwrap_or_default()
}

/// A service folder under `root`: `service.toml`, the pages linked as `markdown/`, and
/// with `rest` its reST pages linked beside them.
fn folder(
    root: &Path,
    service: &str,
    toml: &str,
    pages: &Path,
    rest: Option<&Path>,
) -> Result<PathBuf> {
    let dir = root.join(service);
    fs::create_dir_all(&dir)?;
    if let Some(rest) = rest {
        for entry in fs::read_dir(rest)? {
            let entry = entry?;
            let name = entry.file_name();
            if name != "markdown" {
                std::os::unix::fs::symlink(entry.path().canonicalize()?, dir.join(&name))?;
            }
        }
    } else {
        fs::write(dir.join("service.toml"), toml)?;
    }
    std::os::unix::fs::symlink(pages, dir.join("markdown"))?;
    Ok(dir)
}

/// A loaded variant: the model (also when the pages hold errors) and its diagnostics.
struct Variant {
    service: Service,
    diagnostics: Vec<Diagnostic>,
}

fn load(dir: &Path) -> Result<Variant> {
    match codegen::load_service(dir) {
        Ok(loaded) => Ok(Variant {
            service: loaded.service,
            diagnostics: loaded.diagnostics,
        }),
        // Errors fail generation; the model is still measured, the errors counted.
        Err(LoadError::Invalid { diagnostics }) => {
            let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let metadata = codegen::ir::Metadata::default();
            let rest = if dir.join("index.rst").is_file() {
                bail!("{}: the reST pages hold errors", dir.display());
            } else {
                None
            };
            let (service, _) = codegen::passes::merge::with_markdown(dir, name, metadata, rest)?;
            Ok(Variant {
                service,
                diagnostics,
            })
        }
        Err(other) => Err(other.into()),
    }
}

/// Our (shape, member) numbers whose width no source states.
fn unknown_widths(service: &Service) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for shape in service.shapes.values() {
        for member in shape.kind.members() {
            if let TypeRef::Integer {
                width: Width::Unknown,
            }
            | TypeRef::Float {
                width: Width::Unknown,
            } = member.target
            {
                out.insert((shape.name.clone(), member.name.clone()));
            }
        }
    }
    out
}

/// Prints one variant's figures and differences; true when they meet the targets.
fn report(
    service: &str,
    variant: &str,
    loaded: &Variant,
    theirs: &Value,
    printed: &Printed,
    show: usize,
) -> bool {
    let ours = codegen::export::to_botocore_json(&loaded.service);
    let widths = unknown_widths(&loaded.service);
    let sides = Sides {
        ours: &ours["service"],
        theirs: &theirs["service"],
        unknown_widths: &widths,
        printed,
    };
    let measures = measure::measure(&sides);
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    println!(
        "\n{service}, {variant}: {errors} errors, {} warnings",
        loaded.diagnostics.len() - errors
    );
    print_table(&measures);
    println!("  {}", bindings_figure(&ours, theirs));
    for ((fact, class), items) in &measures.items {
        if *class == Class::Equal {
            continue;
        }
        let shown = if show == 0 {
            items.len()
        } else {
            show.min(items.len())
        };
        for item in &items[..shown] {
            println!("    {} {}: {item}", fact.name(), class.name());
        }
        if shown < items.len() {
            println!(
                "    {} {}: ... {} more",
                fact.name(),
                class.name(),
                items.len() - shown
            );
        }
    }
    errors == 0
        && TARGETS
            .iter()
            .all(|(fact, target)| measures.percent(*fact) >= *target)
}

/// The bindings botocore states (HTTP method and URI, success code, host prefix, payload,
/// member locations, wire names, timestamp formats) that the model holds alike, as the
/// reST fidelity report counts them.
fn bindings_figure(ours: &Value, theirs: &Value) -> String {
    let report = super::compare::compare(ours, theirs, &Default::default());
    let t = &report.bindings;
    format!(
        "bindings read from the pages: {} of {} as botocore's, {:.2}%",
        t.found,
        t.total,
        t.percent()
    )
}

fn print_table(m: &Measures) {
    println!(
        "  {:<22} {:>9} {:>8} {:>8} {:>8} {:>10} {:>8}",
        "fact", "equal", "%", "misread", "absent", "not stated", "printed"
    );
    for fact in Fact::ALL {
        let n = |class| m.count(fact, class);
        let equal = n(Class::Equal);
        println!(
            "  {:<22} {:>9} {:>7.2}% {:>8} {:>8} {:>10} {:>8}",
            fact.name(),
            format!("{equal}/{}", equal + n(Class::Misread)),
            m.percent(fact),
            n(Class::Misread),
            n(Class::Absent),
            n(Class::NotStated),
            n(Class::Printed),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::bindings_figure;

    #[test]
    fn the_bindings_figure_counts_what_botocore_states() {
        let model = |uri: &str, location: Option<&str>| {
            let mut member = json!({"shape": "S"});
            if let Some(location) = location {
                member["location"] = json!(location);
                member["locationName"] = json!("Id");
            }
            json!({"service": {
                "metadata": {"protocol": "rest-json"},
                "operations": {"Get": {
                    "http": {"method": "GET", "requestUri": uri},
                    "input": {"shape": "In"}
                }},
                "shapes": {
                    "In": {"type": "structure", "members": {"Id": member}},
                    "S": {"type": "string"}
                }
            }})
        };
        let theirs = model("/things/{Id}", Some("uri"));
        assert_eq!(
            bindings_figure(&theirs, &theirs),
            "bindings read from the pages: 2 of 2 as botocore's, 100.00%"
        );
        let unbound = model("/things", None);
        assert_eq!(
            bindings_figure(&unbound, &theirs),
            "bindings read from the pages: 0 of 2 as botocore's, 0.00%"
        );
    }
}
