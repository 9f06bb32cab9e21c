//! `amends report` as a browser draws it: the report for `samples/` (and once with
//! `--redact`) rendered by headless Chromium to a PNG, and the picture checked for what a
//! reader would notice. The page is drawn at the size asked for, it is not blank, the
//! highlights of the blame and pressure families fill boxes in the letters' text, the
//! balance bars are there in their colours, and a redacted page draws its words as grey
//! bars (and only a redacted page does).
//!
//! Chromium is Debian's `chromium` on `PATH`, or the binary `$AMENDS_CHROMIUM` names. It
//! runs with networking features off, a proxy that goes nowhere and no host name
//! resolving, in a profile of its own inside the test's temporary folder, and is killed
//! after [`RUN_LIMIT`]. Its dbus complaints on standard error are normal in a container.
//! `tests/support/chromium.rs` finds it and gives its flags, for these tests and for
//! those that drive a page (`tests/support/cdp.rs`).
//!
//! A Chromium missing when the tests are built makes these tests ignored (`build.rs`
//! looks for it and sets `cfg(has_chromium)`), unless `CI=true`: then they run and fail.
//! `.ci/run` installs it.
//!
//! The colours looked for are read from the page's own CSS (`src/report/html.rs`), by
//! selector: a new palette needs no change here, a renamed class does.

use std::collections::HashMap;
use std::fs::{self, File};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/child.rs"]
mod child;
#[path = "support/chromium.rs"]
mod chromium;

use chromium::{chromium, chromium_flags, chromium_log, ci};

/// Chromium is killed after this long; a render takes about a second.
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// The window, in CSS pixels (at a device scale factor of 1, also the PNG's size). Tall
/// enough for the summary, the series timeline, the first letter and the highlighted
/// sentences of the second (`samples/02-sorry-but.txt`, whose text ends near 3,250 px),
/// with room for the summary to grow.
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 4800;

type Rgb = [u8; 3];

/// The highlights behind flagged phrases that the samples have (selectors of the page's
/// CSS, whose `background` is looked for).
const HIGHLIGHTS: [&str; 2] = [".fam-blame", ".fam-pressure"];
/// The balance bar's parts that the sample letters have.
const BAR_PARTS: [&str; 4] = [
    ".part-explains",
    ".part-apologises",
    ".part-closes",
    ".part-other",
];
/// A redacted word (inside a highlight it is see-through, so the family colour shows).
const REDACTED: &str = ".r";

/// The longest run of one colour in a row that must be a highlight or a bar: wider than
/// any swatch in the page's tables and legends (0.8em, about 13 px), so a colour found
/// only in swatches does not count.
const MIN_RUN: u32 = 60;
/// The longest redaction bar must be at least this long: a long word's (the samples'
/// are about 90 px).
const WORD_RUN: u32 = 40;

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "Chromium not found: install it (apt-get install chromium) or set AMENDS_CHROMIUM, then `touch build.rs`"
)]
fn the_report_renders_with_its_highlights_and_balance_bars() {
    let chromium = chromium();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let Rendered { html, image } = render(&chromium, dir.path(), &[]);
    image.assert_not_blank();

    for selector in HIGHLIGHTS.into_iter().chain(BAR_PARTS) {
        image.assert_run(selector, css_background(&html, selector), MIN_RUN);
    }
    // The words are drawn as words: no redaction bars. (Antialiased text hits the greys
    // at single pixels, never in a run.)
    let colour = css_background(&html, REDACTED);
    let run = image.longest_run(colour);
    assert!(
        run <= 3,
        "the report without --redact has a run of {run} pixels of the redaction grey {} ({REDACTED})",
        hex(colour)
    );
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "Chromium not found: install it (apt-get install chromium) or set AMENDS_CHROMIUM, then `touch build.rs`"
)]
fn the_redacted_report_draws_words_as_grey_bars() {
    let chromium = chromium();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let Rendered { html, image } = render(&chromium, dir.path(), &["--redact"]);
    image.assert_not_blank();

    // Every word is a bar about 1.2em high, as long as the word: tens of thousands of
    // pixels, the longest words in runs.
    let grey = css_background(&html, REDACTED);
    let count = image.count(grey);
    assert!(
        count > 20_000,
        "the redacted report should draw its words as bars of {} ({REDACTED}), found {count} pixels",
        hex(grey)
    );
    image.assert_run(REDACTED, grey, WORD_RUN);
    // The picture keeps its shape: highlights keep their family colour and the balance
    // bars do not depend on the words.
    for selector in HIGHLIGHTS.into_iter().chain(BAR_PARTS) {
        image.assert_run(selector, css_background(&html, selector), MIN_RUN);
    }
}

/// The `background:#rrggbb` of the rule for `selector` in the page's CSS: the colour the
/// browser should paint. The rule must start its line or follow another (`.r` is not
/// `mark .r`).
fn css_background(html: &str, selector: &str) -> Rgb {
    let needle = format!("{selector}{{background:#");
    let found = html.match_indices(&needle).find_map(|(at, _)| {
        let before = html[..at].chars().next_back();
        if !matches!(before, None | Some('\n' | '}' | ',')) {
            return None;
        }
        let digits = html.get(at + needle.len()..at + needle.len() + 6)?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        Some([(value >> 16) as u8, (value >> 8) as u8, value as u8])
    });
    found.unwrap_or_else(|| {
        panic!("the report's CSS has no `{needle}rrggbb` rule; has the style changed?")
    })
}

/// CI installs Chromium, so there these tests may not be ignored: `build.rs` turns them
/// on under `CI=true`, and this fails if a test binary built without it runs under CI.
#[test]
fn under_ci_the_rendering_tests_are_not_ignored() {
    let will_run = cfg!(has_chromium);
    if ci() && !will_run {
        panic!(
            "CI=true, but these tests were built without it and would ignore a missing Chromium; rebuild them with CI=true"
        );
    }
}

/// The page's HTML and its screenshot.
struct Rendered {
    html: String,
    image: Image,
}

/// Writes the report for `samples/` (with `extra` arguments) into `dir`, has Chromium
/// draw it, and decodes the screenshot.
fn render(chromium: &Path, dir: &Path, extra: &[&str]) -> Rendered {
    let html = dir.join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(["report", "samples/", "--no-user-config", "-o"])
        .arg(&html)
        .args(extra)
        .env("NO_COLOR", "1")
        .env_remove("AMENDS_LOG")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("amends runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "amends report samples/ {extra:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let png = dir.join("report.png");
    let stderr = dir.join("chromium.stderr");
    let mut child = Command::new(chromium)
        .args(chromium_flags(dir))
        .arg(format!("--window-size={WIDTH},{HEIGHT}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        // Its own home too: nothing read from or left in the user's.
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_CACHE_HOME", dir.join("xdg-cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&stderr).expect("stderr file"))
        .spawn()
        .unwrap_or_else(|e| panic!("{} starts: {e}", chromium.display()));
    let started = Instant::now();
    let status = child::wait_or_kill(&mut child, RUN_LIMIT);
    let log = || chromium_log(&stderr);
    match status {
        None => panic!(
            "chromium did not finish within {} s and was killed\n{}",
            RUN_LIMIT.as_secs(),
            log()
        ),
        Some(s) if !s.success() => panic!("chromium failed ({s})\n{}", log()),
        Some(_) => {}
    }
    let bytes =
        fs::read(&png).unwrap_or_else(|e| panic!("chromium wrote no screenshot ({e})\n{}", log()));
    let image = Image::decode(&bytes);
    assert_eq!(
        (image.width, image.height),
        (WIDTH, HEIGHT),
        "the screenshot should be the window's size"
    );
    eprintln!(
        "chromium drew the report for samples/ {extra:?} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Rendered {
        html: fs::read_to_string(&html).expect("the report is text"),
        image,
    }
}

fn hex([r, g, b]: Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A decoded screenshot: 8-bit RGB, rows top to bottom.
struct Image {
    width: u32,
    height: u32,
    pixels: Vec<Rgb>,
}

impl Image {
    fn decode(bytes: &[u8]) -> Image {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().expect("the screenshot is a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("a size that fits")];
        let info = reader.next_frame(&mut buf).expect("the PNG decodes");
        let channels = match info.color_type {
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            other => panic!("a screenshot in {other:?}, expected RGB or RGBA"),
        };
        let pixels = buf[..info.buffer_size()]
            .chunks_exact(channels)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        Image {
            width: info.width,
            height: info.height,
            pixels,
        }
    }

    fn count(&self, colour: Rgb) -> usize {
        self.pixels.iter().filter(|&&p| p == colour).count()
    }

    /// The longest run of `colour` in any row.
    fn longest_run(&self, colour: Rgb) -> u32 {
        let mut longest = 0;
        for row in self.pixels.chunks_exact(self.width as usize) {
            let mut run = 0;
            for &p in row {
                run = if p == colour { run + 1 } else { 0 };
                longest = longest.max(run);
            }
        }
        longest
    }

    /// Fails unless `colour` fills a run of at least `min` pixels in a row: the interior
    /// of a highlight or a bar, not antialiasing or a swatch.
    fn assert_run(&self, what: &str, colour: Rgb, min: u32) {
        let run = self.longest_run(colour);
        assert!(
            run >= min,
            "{what} ({}) should fill at least {min} pixels in a row; the longest run is {run} \
             ({} pixels of it in all)",
            hex(colour),
            self.count(colour)
        );
    }

    /// Fails if the page is (nearly) one colour: at least a fifth of it differs from the
    /// commonest colour, and it has many colours (text, highlights, bars, the timeline).
    fn assert_not_blank(&self) {
        let mut counts: HashMap<Rgb, usize> = HashMap::new();
        for &p in &self.pixels {
            *counts.entry(p).or_default() += 1;
        }
        let (&background, &most) = counts
            .iter()
            .max_by_key(|&(_, n)| *n)
            .expect("the image has pixels");
        let other = 1.0 - most as f64 / self.pixels.len() as f64;
        eprintln!(
            "background {} ({:.0}% of the page), {:.0}% other pixels, {} colours",
            hex(background),
            100.0 * (1.0 - other),
            100.0 * other,
            counts.len()
        );
        assert!(
            other >= 0.2,
            "the page looks blank: {:.1}% of it differs from {}",
            100.0 * other,
            hex(background)
        );
        assert!(
            counts.len() >= 200,
            "the page has only {} colours; a report with text, highlights and bars has hundreds",
            counts.len()
        );
    }
}
