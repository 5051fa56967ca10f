//! The generator's cost grows linearly with the size of the docs: a service whose one
//! operation has thousands of members loads and generates in memory and time
//! proportional to its members, and a page in time proportional to its length. Measured
//! by counting (allocations, peak live bytes), and by time only as ratios between
//! sizes, with a wide margin.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use codegen::emit::{generate_crate, CrateSettings};

/// The system allocator, counting allocations and the peak of live bytes.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call goes to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The tests measure one at a time.
static MEASURING: Mutex<()> = Mutex::new(());

/// Writes a service directory whose one operation takes `members` optional string
/// members, in boto3's layout: a request literal line and a documented parameter each.
fn service(dir: &Path, members: usize) {
    fs::create_dir_all(dir.join("client")).expect("created");
    fs::write(
        dir.join("service.toml"),
        "service = \"bulk\"\nprotocol = \"json\"\njson_version = \"1.1\"\n\
         target_prefix = \"Bulk_20240101\"\nsigning_name = \"bulk\"\n\
         endpoint_prefix = \"bulk\"\nservice_id = \"Bulk\"\n\
         service_full_name = \"Example Bulk\"\napi_version = \"2024-01-01\"\n",
    )
    .expect("written");
    fs::write(
        dir.join("index.rst"),
        "\n\n****\nBulk\n****\n\n\n\n======\nClient\n======\n\n\n\n\
         .. py:class:: Bulk.Client\n\n  A low-level client representing Example Bulk\n\n\
         These are the available methods:\n\n.. toctree::\n  :maxdepth: 1\n  :titlesonly:\n\n\
         \x20\x20bulk/client/put_things\n\n",
    )
    .expect("written");
    let mut page = String::from(
        ":doc:`Bulk <../../bulk>` / Client / put_things\n\n**********\nput_things\n\
         **********\n\n\n\n.. py:method:: Bulk.Client.put_things(**kwargs)\n\n  Puts things.\n\n\
         \x20\x20See also: `AWS API Documentation \
         <https://docs.aws.amazon.com/goto/WebAPI/bulk-2024-01-01/PutThings>`_\n\n\
         \x20\x20**Request Syntax**\n  ::\n\n    response = client.put_things(\n",
    );
    for i in 0..members {
        let _ = writeln!(page, "        Member{i}='string',");
    }
    page.push_str("    )\n\n");
    for i in 0..members {
        let _ = write!(
            page,
            "  :type Member{i}: string\n  :param Member{i}: Member {i}.\n\n"
        );
    }
    page.push_str(
        "  :rtype: dict\n  :returns:\n\n    **Response Syntax**\n\n    ::\n\n      {}\n\n\
         \x20\x20\x20\x20**Response Structure**\n\n    - *(dict) --*\n",
    );
    fs::write(dir.join("client/put_things.rst"), page).expect("written");
}

/// Loads the service and generates its crate in memory; returns the number of files.
fn load_and_generate(dir: &Path) -> usize {
    let loaded = codegen::load_service(dir).expect("the service loads");
    let settings = CrateSettings {
        crate_name: "sdk-bulk".to_owned(),
        version: "0.1.0".to_owned(),
        runtime_path: "../runtime".to_owned(),
        generator_command: "scaling test".to_owned(),
    };
    let files = generate_crate(&loaded.service, &settings).expect("the crate generates");
    let input = &loaded.service.shapes["PutThingsInput"];
    assert!(input.kind.members().len() > 100);
    files.len()
}

/// Allocations and peak live bytes (above what was live before) of `work`.
fn counted(work: impl FnOnce()) -> (usize, usize) {
    let allocations = ALLOCATIONS.load(Ordering::Relaxed);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    work();
    (
        ALLOCATIONS.load(Ordering::Relaxed) - allocations,
        PEAK.load(Ordering::Relaxed) - before,
    )
}

#[test]
fn memory_and_allocations_grow_linearly_with_members() {
    let _one_at_a_time = MEASURING.lock();
    let temp = tempfile::tempdir().expect("temporary directory");
    let (small, large) = (1_000, 4_000);
    let mut measured = Vec::new();
    for members in [small, large] {
        let dir = temp.path().join(format!("bulk{members}"));
        service(&dir, members);
        measured.push(counted(|| {
            load_and_generate(&dir);
        }));
    }
    let [(small_allocations, small_peak), (large_allocations, large_peak)] = measured[..] else {
        unreachable!("two sizes")
    };
    let ratio = large_allocations as f64 / small_allocations as f64;
    eprintln!(
        "{small} members: {small_allocations} allocations, peak {small_peak} B; \
         {large} members: {large_allocations} allocations, peak {large_peak} B"
    );
    assert!(
        ratio < 4.6,
        "4 times the members took {ratio:.1} times the allocations \
         ({small_allocations} for {small}, {large_allocations} for {large})"
    );
    // What one more member costs at the peak: the model, the page, the generated text
    // of the member, and its part of the structure's schema static and glue functions,
    // each of which is one item whose tokens are held at once while it is printed
    // (about 22 KB per member in all; the whole crate's tokens were once held at once).
    let per_member = large_peak.saturating_sub(small_peak) / (large - small);
    assert!(
        per_member < 28 * 1024,
        "{per_member} bytes at the peak per member \
         ({small_peak} for {small}, {large_peak} for {large})"
    );
}

/// Times `work` at sizes `base`, 2, 4 and 8 times `base` (the fastest of three runs
/// each) and fails as soon as a size takes more than twice its share of the first: work
/// linear in the size doubles from one size to the next, work quadratic in it
/// quadruples, which shows before the sizes get large.
fn assert_linear(what: &str, base: usize, work: impl Fn(usize) -> Duration) {
    let best = |n: usize| (0..3).map(|_| work(n)).min().unwrap_or_default();
    let first = best(base).as_secs_f64().max(1e-6);
    for factor in [2, 4, 8] {
        let n = base * factor;
        let ratio = best(n).as_secs_f64() / first;
        eprintln!("{what}: {factor} times the size, {ratio:.1} times the time");
        assert!(
            ratio < 2.0 * factor as f64,
            "{what}: {n} took {ratio:.1} times as long as {base}, not about {factor} times"
        );
    }
}

/// How long `work` takes.
fn timed(work: impl FnOnce()) -> Duration {
    let start = Instant::now();
    work();
    start.elapsed()
}

#[test]
fn loading_time_grows_linearly_with_members() {
    let _one_at_a_time = MEASURING.lock();
    let temp = tempfile::tempdir().expect("temporary directory");
    assert_linear("loading", 2_000, |members| {
        let dir = temp.path().join(format!("bulk{members}"));
        if !dir.exists() {
            service(&dir, members);
        }
        timed(|| drop(codegen::load_service(&dir).expect("the service loads")))
    });
}

#[test]
fn long_lines_of_unclosed_markup_parse_in_linear_time() {
    let _one_at_a_time = MEASURING.lock();
    let seed = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rst/lifecycle/client/old_signal.rst"),
    )
    .expect("the fixture is readable");
    let name = "client/old_signal.rst";
    // What the fuzzer found: emphasis that never closes, and runs of role-name characters.
    for unit in ["(**kwargs) ", "a *b ", "-:"] {
        assert_linear(&format!("{unit:?} repeated"), 10_000, |repeats| {
            let line = format!("  {}\n\n  **Request Syntax**", unit.repeat(repeats));
            let page = seed.replacen("  **Request Syntax**", &line, 1);
            timed(|| {
                let (page, _) = codegen::parse::rst::parse_page(name, &page);
                let pages = [(name.to_owned(), page)];
                drop(codegen::passes::build_service(
                    "",
                    &pages,
                    Default::default(),
                ));
            })
        });
    }
}
