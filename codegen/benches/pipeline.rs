//! Times each stage of the generator on the VoiceTel spec and on synthetic
//! specs 10x and 100x its size: `cargo bench -p codegen`.
//!
//! No benchmark framework (keeps the dependency tree small): a warm-up, then
//! iterations until a time budget is spent, reporting min and median per stage.
//!
//! The synthetic specs copy every path and component schema of the VoiceTel
//! spec `k` times with renamed keys (schema `foo` → `foo_k`, path `/v2.2/x` →
//! `/k{k}/v2.2/x`, operationId `fooBar` → `fooBar_k`, tag `T` → `T_k`) and every
//! `$ref` rewritten to the copy's schemas, so each copy is valid and as
//! realistic as the original.
//!
//! Environment:
//! - `BENCH_SIZES=1,10,100`: the multiples to run;
//! - `BENCH_SECS=3`: the time budget per size (at least `BENCH_MIN_ITERS`, default 5, iterations);
//! - `BENCH_SHARED_TAGS=1`: copies keep the original tags, so each API module grows with the size
//!   instead of the number of modules;
//! - `BENCH_WRITE_SPECS=DIR`: also writes the specs to `DIR/voicetel-x{n}.yaml`, e.g. to profile
//!   `cargo xtask codegen --spec DIR/voicetel-x100.yaml --config spec/voicetel.codegen.yaml`.
//!
//! After the stages, the floor of the emit design: the syn parse and the
//! prettyplease print of the emitted Rust files alone (lexed from their text
//! beforehand, untimed), on one thread. Any `quote!` → `syn` → `prettyplease`
//! emit pays at least this, however little it spends building tokens.
//!
//! Without `--bench` (as under `cargo test --benches`) it runs each stage once on
//! the VoiceTel spec, as a smoke test.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_yaml::{Mapping, Value};

const STAGES: [&str; 5] = ["parse", "normalize", "into_openapi", "model::build", "emit"];
const SCHEMA_REF: &str = "#/components/schemas/";

/// One spec to time.
struct Case {
    label: String,
    text: String,
    operations: usize,
    schemas: usize,
}

/// What one size measured: per-stage samples and the total, in iteration order.
struct Measured {
    stages: [Vec<Duration>; 5],
    total: Vec<Duration>,
    output_lines: usize,
    output_files: usize,
    /// The syn parse and the prettyplease print of the output's Rust files.
    parse: Vec<Duration>,
    print: Vec<Duration>,
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec_path = root.join("spec/voicetel.yaml");
    let text = read(&spec_path);
    let config_text = read(&root.join("spec/voicetel.codegen.yaml"));
    let config = codegen::Config::parse(&config_text).expect("spec/voicetel.codegen.yaml parses");

    let sizes: Vec<usize> = env_or("BENCH_SIZES", "1,10,100")
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("BENCH_SIZES: comma-separated integers")
        })
        .collect();
    let sizes = if bench { sizes } else { vec![1] };
    let budget = Duration::from_secs_f64(env_or("BENCH_SECS", "3").parse().expect("BENCH_SECS"));
    let min_iters: usize = env_or("BENCH_MIN_ITERS", "5")
        .parse()
        .expect("BENCH_MIN_ITERS");
    let shared_tags = std::env::var("BENCH_SHARED_TAGS").is_ok_and(|v| v == "1");

    let original: Value = serde_yaml::from_str(&text).expect("spec/voicetel.yaml is YAML");
    let cases: Vec<Case> = sizes
        .iter()
        .map(|&n| {
            let text = if n == 1 {
                text.clone()
            } else {
                serde_yaml::to_string(&multiply(&original, n, shared_tags)).expect("YAML out")
            };
            if let Ok(dir) = std::env::var("BENCH_WRITE_SPECS") {
                let path = Path::new(&dir).join(format!("voicetel-x{n}.yaml"));
                std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            let doc: Value = serde_yaml::from_str(&text).expect("synthetic spec is YAML");
            Case {
                label: format!("{n}x"),
                operations: count_operations(&doc),
                schemas: doc["components"]["schemas"]
                    .as_mapping()
                    .map_or(0, Mapping::len),
                text,
            }
        })
        .collect();

    println!(
        "codegen pipeline benchmark ({} build){}",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        if shared_tags {
            ", copies share tags"
        } else {
            ""
        }
    );
    println!("{}", machine());
    let mut results = Vec::new();
    for case in &cases {
        let origin = format!("voicetel.yaml x{}", case.label);
        // Warm-up: a fifth of the budget, at least one run.
        let warm = Instant::now();
        loop {
            run_once(&case.text, &origin, &config);
            if !bench || warm.elapsed() >= budget / 5 {
                break;
            }
        }
        let mut m = Measured {
            stages: Default::default(),
            total: Vec::new(),
            output_lines: 0,
            output_files: 0,
            parse: Vec::new(),
            print: Vec::new(),
        };
        let start = Instant::now();
        let last = loop {
            let (times, files) = run_once(&case.text, &origin, &config);
            for (samples, t) in m.stages.iter_mut().zip(times) {
                samples.push(t);
            }
            m.total.push(times.iter().sum());
            m.output_files = files.files.len();
            m.output_lines = files.files.values().map(|f| f.lines().count()).sum();
            let n = m.total.len();
            if !bench || (n >= min_iters && start.elapsed() >= budget) || n >= 1000 {
                break files;
            }
        };
        for _ in 0..if bench { min_iters } else { 1 } {
            let (parse, print) = parse_and_print(&last);
            m.parse.push(parse);
            m.print.push(print);
        }
        eprintln!(
            "  {}: {} iterations, {:.1} MB of YAML, {} operations, {} schemas",
            case.label,
            m.total.len(),
            case.text.len() as f64 / 1e6,
            case.operations,
            case.schemas
        );
        results.push(m);
    }
    report(&cases, &mut results);
}

/// Runs the pipeline once, timing each stage.
fn run_once(text: &str, origin: &str, config: &codegen::Config) -> ([Duration; 5], codegen::Files) {
    let mut t = [Duration::ZERO; 5];
    let config = config.clone();

    let s = Instant::now();
    let (mut doc, _version) = codegen::load::parse_text(black_box(text), origin).expect("parse");
    t[0] = s.elapsed();

    let s = Instant::now();
    codegen::normalize::normalize(&mut doc).expect("normalize");
    t[1] = s.elapsed();

    let s = Instant::now();
    let openapi = codegen::load::into_openapi(doc).expect("into_openapi");
    t[2] = s.elapsed();

    let s = Instant::now();
    let api = codegen::model::build(&openapi, config).expect("model::build");
    t[3] = s.elapsed();

    let s = Instant::now();
    let files = codegen::emit::emit(&api).expect("emit");
    t[4] = s.elapsed();

    // Dropping the intermediates is not part of any stage.
    drop(black_box(api));
    drop(black_box(openapi));
    (t, black_box(files))
}

/// The time syn takes to parse the emitted Rust files (the generator's own,
/// not the runtime copied verbatim) from tokens, and prettyplease to print
/// them, on this thread.
fn parse_and_print(files: &codegen::Files) -> (Duration, Duration) {
    let (mut parse, mut print) = (Duration::ZERO, Duration::ZERO);
    for (path, text) in &files.files {
        if !path.starts_with("src/") || !path.ends_with(".rs") {
            continue;
        }
        let tokens: proc_macro2::TokenStream = text.parse().expect("emitted Rust lexes");
        let s = Instant::now();
        let file: syn::File = syn::parse2(tokens).expect("emitted Rust parses");
        parse += s.elapsed();
        let s = Instant::now();
        black_box(prettyplease::unparse(&file));
        print += s.elapsed();
    }
    (parse, print)
}

fn report(cases: &[Case], results: &mut [Measured]) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut header = format!("{:<14}", "stage (ms)");
    for c in cases {
        header += &format!(" | {:>21}", format!("{} min / median", c.label));
    }
    println!("\n{header}");
    println!("{}", "-".repeat(header.len()));
    let row = |name: &str,
               pick: &dyn Fn(&mut Measured) -> &mut Vec<Duration>,
               results: &mut [Measured]| {
        let mut line = format!("{name:<14}");
        for m in results.iter_mut() {
            let (min, med) = min_median(pick(m));
            line += &format!(" | {:>10.2} {:>10.2}", ms(min), ms(med));
        }
        println!("{line}");
    };
    for (i, stage) in STAGES.iter().enumerate() {
        row(stage, &|m: &mut Measured| &mut m.stages[i], results);
    }
    row("total", &|m: &mut Measured| &mut m.total, results);
    println!("emit's floor, one thread: the syn parse and prettyplease print of its output alone");
    row("  syn parse", &|m: &mut Measured| &mut m.parse, results);
    row("  print", &|m: &mut Measured| &mut m.print, results);

    println!("\nscaling (median total)");
    let (_, base) = min_median(&mut results[0].total);
    let base_ops = cases[0].operations as f64;
    println!(
        "{:<6} {:>10} {:>9} {:>12} {:>12} {:>14} {:>8} {:>10}",
        "size",
        "operations",
        "schemas",
        "total ms",
        "us/operation",
        "vs 1x per op",
        "files",
        "lines out"
    );
    for (c, m) in cases.iter().zip(results.iter_mut()) {
        let (_, med) = min_median(&mut m.total);
        let per_op = med.as_secs_f64() / c.operations as f64;
        let rel = per_op / (base.as_secs_f64() / base_ops);
        println!(
            "{:<6} {:>10} {:>9} {:>12.1} {:>12.1} {:>13.2}x {:>8} {:>10}",
            c.label,
            c.operations,
            c.schemas,
            ms(med),
            per_op * 1e6,
            rel,
            m.output_files,
            m.output_lines
        );
    }
    println!("\nper-stage median per operation (us)");
    let mut header = format!("{:<14}", "stage");
    for c in cases {
        header += &format!(" {:>10}", c.label);
    }
    println!("{header}");
    for (i, stage) in STAGES.iter().enumerate() {
        let mut line = format!("{stage:<14}");
        for (c, m) in cases.iter().zip(results.iter_mut()) {
            let (_, med) = min_median(&mut m.stages[i]);
            line += &format!(" {:>10.1}", med.as_secs_f64() * 1e6 / c.operations as f64);
        }
        println!("{line}");
    }
}

/// CPUs and load: timings on a loaded machine are not comparable.
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into());
    format!("machine: {cpus} CPUs {model}, load average {load} at start")
}

fn min_median(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort_unstable();
    let n = samples.len();
    let median = if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2
    };
    (samples[0], median)
}

/// The spec with `n` copies of its paths, schemas and tags: copy 0 is the
/// original, copy `k` has every name suffixed.
fn multiply(spec: &Value, n: usize, shared_tags: bool) -> Value {
    let mut out = spec.clone();
    let mut paths = Mapping::new();
    let mut schemas = Mapping::new();
    let mut tags = Vec::new();
    let orig_tags = spec["tags"].as_sequence().cloned().unwrap_or_default();
    for k in 0..n {
        let suffix = if k == 0 {
            String::new()
        } else {
            format!("_{k}")
        };
        for (path, item) in spec["paths"].as_mapping().expect("paths") {
            let path = path.as_str().expect("path key");
            let new_path = if k == 0 {
                path.to_owned()
            } else {
                format!("/k{k}{path}")
            };
            let mut item = item.clone();
            rename_refs(&mut item, &suffix);
            if let Some(ops) = item.as_mapping_mut() {
                for (_, op) in ops.iter_mut() {
                    let Some(op) = op.as_mapping_mut() else {
                        continue;
                    };
                    if let Some(Value::String(id)) = op.get_mut("operationId") {
                        id.push_str(&suffix);
                    }
                    if !shared_tags {
                        if let Some(Value::Sequence(ts)) = op.get_mut("tags") {
                            for t in ts.iter_mut().filter_map(|t| match t {
                                Value::String(s) => Some(s),
                                _ => None,
                            }) {
                                t.push_str(&suffix);
                            }
                        }
                    }
                }
            }
            paths.insert(Value::String(new_path), item);
        }
        if let Some(components) = spec["components"]["schemas"].as_mapping() {
            for (name, schema) in components {
                let name = format!("{}{suffix}", name.as_str().expect("schema name"));
                let mut schema = schema.clone();
                rename_refs(&mut schema, &suffix);
                schemas.insert(Value::String(name), schema);
            }
        }
        if k == 0 || !shared_tags {
            for tag in &orig_tags {
                let mut tag = tag.clone();
                if let Some(Value::String(name)) = tag.get_mut("name") {
                    name.push_str(&suffix);
                }
                tags.push(tag);
            }
        }
    }
    out["paths"] = Value::Mapping(paths);
    out["components"]["schemas"] = Value::Mapping(schemas);
    if !tags.is_empty() {
        out["tags"] = Value::Sequence(tags);
    }
    out
}

/// Appends `suffix` to the schema name of every `$ref` to a component schema.
fn rename_refs(v: &mut Value, suffix: &str) {
    if suffix.is_empty() {
        return;
    }
    match v {
        Value::Mapping(m) => {
            for (key, value) in m.iter_mut() {
                match value {
                    Value::String(s)
                        if key.as_str() == Some("$ref") && s.starts_with(SCHEMA_REF) =>
                    {
                        s.push_str(suffix);
                    }
                    _ => rename_refs(value, suffix),
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|i| rename_refs(i, suffix)),
        Value::Tagged(t) => rename_refs(&mut t.value, suffix),
        _ => {}
    }
}

fn count_operations(doc: &Value) -> usize {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    doc["paths"].as_mapping().map_or(0, |paths| {
        paths
            .values()
            .filter_map(Value::as_mapping)
            .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
            .sum()
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}
