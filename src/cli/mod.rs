//! The command-line edge: argument parsing, reading files, printing reports, exit codes.
//! Everything that touches the file system or the terminal lives here, not in the core.

mod check;
mod inputs;
mod report;
mod rules;
mod settings;
mod timeline;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::discover;
use crate::{Format, Level};

/// Exit status when every check passed.
pub const EXIT_OK: u8 = 0;
/// Exit status when a finding reached `--fail-on`, or a rule example failed.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status for bad usage, unreadable files and broken rule files.
pub const EXIT_TROUBLE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "amends",
    version,
    about = "Checks apology-letter drafts for what will sink them: blaming, pressure, non-apologies, self-pity, rushing back.",
    long_about = None,
    after_help = "Start with `amends check my-letter.txt`. `amends rules` lists what is checked and `amends explain RULE` says why.\nSet AMENDS_LOG=debug to see what amends is doing (it never logs the text of a letter)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check letter drafts and report what to change.
    #[command(
        after_help = "Exit status: 0 when nothing reached --fail-on, 1 when something did, 2 when a file could not be read or a rule or configuration file is broken (every readable file is still checked)."
    )]
    Check(CheckArgs),
    /// Write one self-contained HTML page showing each letter whole: what was flagged and
    /// why, how much of it explains, apologises, retells or presses, and how a series of
    /// dated drafts is paced.
    #[command(
        after_help = "The page needs no network and no scripts: open it in any browser, print it, or mail it to yourself. Exit status: 0 when the report was written (whatever it found), 2 when a file could not be read, a configuration is broken or the report could not be written."
    )]
    Report(ReportArgs),
    /// List every rule with its level, whether it is on, and where it and its settings come from.
    Rules {
        /// Show the rules as they apply to this file or folder (default: the current folder).
        path: Option<PathBuf>,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Explain one rule: what it catches, why it matters, how to rewrite, with examples.
    Explain {
        /// The rule id, e.g. `blame-shifting`.
        rule: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print the configuration that applies to a file or folder, and where each setting comes from.
    Config {
        /// The file or folder (default: the current folder).
        path: Option<PathBuf>,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Write a commented starter `.amends.toml` (never overwrites one).
    Init {
        /// The folder to write it in (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Show a folder of dated drafts as a series: each draft in date order with the gap
    /// since the last message sent before it, its kind, whether it was sent, and what was
    /// found in it.
    #[command(
        after_help = "A draft is dated by `date: 2026-11-20` (optionally with a time, `2026-11-20 18:30`; also `2026/11/20`, `20 November 2026` or `November 20, 2026`) in its front matter, or by a file name starting 2026-11-20. A date that cannot be read is a warning on stderr, and that draft is left out of the series. Front matter may also say `kind: letter` or `kind: follow-up` (the earliest draft is the letter unless one says otherwise) and `sent: false` for a draft not sent yet. Exit status: 0 (also when a date could not be read), or 2 when the folder holds no dated drafts or a configuration file is broken."
    )]
    Timeline(TimelineArgs),
    /// Run the examples in rule files and report those that fail, like a test runner.
    TestRules {
        /// Rule files, or folders of them (each `*.toml` inside); as many as you like.
        /// Without any, the built-in rules are tested.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Write in your browser, with what amends finds shown as you type.
    ///
    /// Starts a small private server on this computer and opens its page in your
    /// browser. The page checks the draft as you type, explains each finding, applies
    /// rewrites, and saves to FILE.
    #[command(
        after_help = "The page is served on 127.0.0.1 only, at an address with a random secret in it; nothing on the page reaches the network, and the letter is never logged. With FILE, the page saves to it (Ctrl+S, and after a pause in typing) and tells you if another program changes it; FILE is created on the first save if it does not exist. Without FILE, the draft lives only in the page. “Allow this phrase” and “Turn this rule off” write to the .amends.toml beside FILE (or in the current folder). Stop with Ctrl-C, or close the page's last tab. See docs/privacy.md."
    )]
    Write {
        /// The letter to write in (created on the first save if it does not exist).
        file: Option<PathBuf>,
        /// Print the address but do not open a browser.
        #[arg(long)]
        no_open: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Run the language server on standard input and output, for editors.
    #[command(
        after_help = "Editors start this themselves; see README \"Use it in your editor\". Logs go to stderr, which editors keep in their LSP log; they never contain the letter's text below `trace`."
    )]
    Lsp {
        /// How much to log to stderr: error, warn, info, debug or trace (default: warn, or AMENDS_LOG).
        #[arg(long, value_name = "LEVEL")]
        log_level: Option<String>,
        /// Talk over standard input and output (the only transport; accepted because
        /// clients pass it).
        #[arg(long)]
        stdio: bool,
    },
}

/// Where settings come from, shared by every command that reads configuration.
#[derive(Debug, Args)]
struct ConfigArgs {
    /// A configuration file applied above your own and the project's `.amends.toml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Set one rule for this run: `--rule pathos=off`, `--rule pressure=error`. May be repeated.
    #[arg(long = "rule", value_name = "ID=LEVEL", value_parser = parse_rule_flag)]
    rules: Vec<(String, String)>,
    /// Ignore your own configuration file (~/.config/amends/config.toml).
    #[arg(long)]
    no_user_config: bool,
    /// A folder of extra rule files (`*.toml`); its rules are added to the built-in ones,
    /// replacing any with the same id. May be repeated.
    #[arg(long = "pack", value_name = "DIR")]
    packs: Vec<PathBuf>,
}

impl ConfigArgs {
    fn options(&self) -> discover::Options {
        discover::Options {
            user_config: !self.no_user_config,
            config_file: self.config.clone(),
            rules: self.rules.clone(),
            packs: self.packs.clone(),
        }
    }
}

fn parse_rule_flag(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((id, level)) if !id.trim().is_empty() && !level.trim().is_empty() => {
            Ok((id.trim().to_string(), level.trim().to_ascii_lowercase()))
        }
        _ => Err(format!(
            "`{s}` is not ID=LEVEL; write e.g. `--rule pathos=off` or `--rule pressure=error`"
        )),
    }
}

/// Which drafts a run reads and how, shared by `check` and `report`.
#[derive(Debug, Args)]
struct InputArgs {
    /// Files or folders to check; `-` reads standard input. Folders are searched for
    /// .txt, .md, .markdown, .eml and .letter files (hidden files, and files a .gitignore or
    /// .ignore leaves out, are skipped, in a git repository or not).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Read every input as this format instead of guessing from the file extension
    /// (plain, markdown, email). Standard input is plain text unless this says otherwise.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    input_format: Option<Format>,
    /// Only check files (found inside folders) whose path matches this glob, e.g.
    /// `--include '*.draft'`; replaces the default extensions. May be repeated.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Skip files and folders (found inside folders) whose path matches this glob, e.g.
    /// `--exclude 'old/**'`. May be repeated.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// The name standard input stands for: picks its format (from the extension) and its
    /// `.amends.toml` (from the folder), and is the path shown in the report.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// How many files to check at once: a whole number, or 0 (the default) for one per core.
    #[arg(long, short = 'j', value_name = "N", default_value = "0", value_parser = parse_jobs)]
    jobs: usize,
    /// Skip files larger than this (with a note); letters are never this long. Bytes, or a
    /// number with a unit: KB, MB, GB (1000 bytes, a million, a billion), or K, M, G and
    /// KiB, MiB, GiB (1024 bytes, 1024², 1024³), in any case: `500K`, `2MB`, `1.5MiB`.
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = parse_size)]
    max_file_size: u64,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Args)]
struct TimelineArgs {
    /// The folder of dated drafts.
    dir: PathBuf,
    /// How to print the series.
    #[arg(long, value_enum, default_value_t = TimelineFormat::Human)]
    format: TimelineFormat,
    /// Only files whose path matches this glob are drafts of the series, e.g.
    /// `--include '*.draft'`; replaces the default extensions. May be repeated.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Leave files whose path matches this glob out of the series, e.g.
    /// `--exclude 'old-*'`. May be repeated.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TimelineFormat {
    /// A compact table (the default).
    Human,
    /// One JSON object for scripts (`"version": 1`).
    Json,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// How to print findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// The lowest level that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    fail_on: FailOn,
    /// With `--format json`, also list every sentence with the part it plays in the letter
    /// (closes, asks, apologises, explains, amends, retells, other).
    #[arg(long)]
    roles: bool,
    /// When to colour the human output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// Leave the letter's words out of the output, in every format: flagged text and
    /// rewrites become their length and position, and the human format shows one line per
    /// finding (`path:line:col: level[rule] message`, like `--format short`) instead of
    /// the letter's lines underlined. For CI logs others can read.
    #[arg(long)]
    redact: bool,
    /// Also list allow-list entries that silenced nothing in this run, so old ones can go.
    #[arg(long)]
    report_unused_allow: bool,
    /// Apply the rewrites rules mark safe, in place (atomically; a file changed on disk
    /// since it was read is left alone). Remaining findings are reported as usual.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print the safe rewrites as a unified diff instead of applying them; exit 1 when
    /// there is anything to change.
    #[arg(long)]
    diff: bool,
}

#[derive(Debug, Args)]
struct ReportArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// The HTML file to write; `-` prints it instead. An existing file is replaced only
    /// if it is a report amends wrote earlier (or with --force); a letter's file never is.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// Replace FILE even if it is not a report amends wrote. A letter's file (.txt, .md,
    /// .markdown, .eml, .letter) is still never replaced.
    #[arg(long)]
    force: bool,
    /// Leave the letter's words out: the report keeps its shape (highlights, balance,
    /// timeline) with every word drawn as a grey bar and no rewrites. For sharing.
    #[arg(long)]
    redact: bool,
    /// The heading at the top of the page.
    #[arg(long, value_name = "TEXT", default_value = "Your letters, at a glance")]
    title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Readable report with the lines underlined (the default).
    Human,
    /// One JSON object for scripts and CI (`"version": 1`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other review tools.
    Sarif,
    /// GitHub Actions annotations (`::error file=…::message`).
    Github,
    /// One line per finding: `path:line:col: level[rule] message`.
    Short,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    /// Exit 0 whatever is found.
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Level> {
        match self {
            FailOn::Error => Some(Level::Error),
            FailOn::Warning => Some(Level::Warning),
            FailOn::Info => Some(Level::Info),
            FailOn::Hint => Some(Level::Hint),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    s.trim().parse().map_err(|_| {
        format!("`{s}` is not a number of files to check at once; give a whole number such as 4, or 0 for one per core")
    })
}

/// A size in bytes, with an optional unit: `2000`, `2KB`, `1.5 MiB`, `500k`.
fn parse_size(s: &str) -> Result<u64, String> {
    let bad = || {
        format!(
            "`{s}` is not a size; write a number of bytes, or a number with a unit such as 500K, 2MB or 1MiB"
        )
    };
    let trimmed = s.trim();
    let unit_at = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(unit_at);
    let multiplier: u128 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1000 * 1000,
        "gb" => 1000 * 1000 * 1000,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if (whole.is_empty() && fraction.is_empty()) || fraction.contains('.') {
        return Err(bad());
    }
    let digits = |d: &str| -> Result<u128, String> {
        if d.is_empty() {
            Ok(0)
        } else {
            d.parse::<u128>().map_err(|_| bad())
        }
    };
    // Whole bytes: the fraction's share of the unit, rounded down. Long fractions are cut
    // to 9 digits, finer than a byte of a gigabyte.
    let fraction = &fraction[..fraction.len().min(9)];
    let scale = 10u128.pow(fraction.len() as u32);
    let part = digits(fraction)? * multiplier / scale;
    let bytes = digits(whole)?
        .checked_mul(multiplier)
        .and_then(|b| b.checked_add(part))
        .ok_or_else(bad)?;
    u64::try_from(bytes).map_err(|_| bad())
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
        .map_err(|e: crate::document::UnknownFormat| e.to_string())
}

/// The two servers the command line starts, handed in by `main.rs` so that the edges
/// never import each other.
pub struct Servers {
    /// `amends lsp`: the language server on standard input and output.
    pub lsp: fn() -> std::io::Result<u8>,
    /// `amends write`: the writing page for a file (or none), opened in a browser or not,
    /// with these configuration options.
    pub write: fn(Option<PathBuf>, bool, discover::Options) -> std::io::Result<u8>,
}

/// Runs the command line and returns the process's exit status. Never panics on user
/// input: every problem becomes a message on stderr and exit status 2.
pub fn run<I, T>(args: I, servers: Servers) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_OK
            });
        }
    };
    let log_level = match &cli.command {
        Command::Lsp { log_level, .. } => log_level.as_deref(),
        _ => None,
    };
    init_logging(log_level);
    let status = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Report(args) => report::run(args),
        Command::Rules { path, config } => rules::list(path.as_deref(), &config),
        Command::Explain { rule, config } => rules::explain(&rule, &config),
        Command::Config { path, config } => settings::show(path.as_deref(), &config),
        Command::Init { dir } => settings::init(dir.as_deref()),
        Command::TestRules { paths } => rules::test(&paths),
        Command::Timeline(args) => timeline::run(&args),
        Command::Write {
            file,
            no_open,
            config,
        } => match (servers.write)(file, !no_open, config.options()) {
            Ok(status) => status,
            Err(e) => {
                report_problem(e);
                EXIT_TROUBLE
            }
        },
        Command::Lsp { .. } => match (servers.lsp)() {
            Ok(status) => status,
            Err(e) => {
                report_problem(format!("cannot start the language server: {e}"));
                EXIT_TROUBLE
            }
        },
    };
    ExitCode::from(status)
}

/// Logs go to stderr, at `warn` unless `--log-level` or `AMENDS_LOG` says otherwise.
/// Letter text is never logged; paths and counts are, at `debug`.
fn init_logging(level: Option<&str>) {
    let filter = level
        .and_then(|l| tracing_subscriber::EnvFilter::try_new(l).ok())
        .or_else(|| tracing_subscriber::EnvFilter::try_from_env("AMENDS_LOG").ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Prints a problem the user must act on, in one consistent shape.
fn report_problem(message: impl std::fmt::Display) {
    eprintln!("error: {message}");
}
