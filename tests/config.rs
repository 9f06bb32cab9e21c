//! Configuration as a writer meets it: the real binary in a temporary home, with its own
//! user config, project `.amends.toml`, flags, packs, partner and allow list.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A temporary home and project. `HOME` and `XDG_CONFIG_HOME` point inside it, so the
/// developer's own configuration never leaks into a test.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let sandbox = Sandbox {
            dir: tempfile::tempdir().unwrap(),
        };
        fs::create_dir_all(sandbox.path("home")).unwrap();
        fs::create_dir_all(sandbox.path("project/drafts")).unwrap();
        sandbox
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, args: &[&str], xdg: Option<&str>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_amends"));
        cmd.args(args)
            .current_dir(self.path("project"))
            .env("HOME", self.path("home"))
            .env("NO_COLOR", "1")
            .env_remove("AMENDS_LOG")
            .stdin(Stdio::null());
        match xdg {
            Some(rel) => cmd.env("XDG_CONFIG_HOME", self.path(rel)),
            None => cmd.env_remove("XDG_CONFIG_HOME"),
        };
        cmd.output().expect("amends runs")
    }

    /// The (rule, severity, message) of each finding for one draft checked as JSON.
    fn findings(&self, draft: &str, extra: &[&str]) -> Vec<(String, String, String)> {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(draft);
        let out = self.run(&args, None);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        report["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn blame_level(&self, extra: &[&str]) -> Option<String> {
        self.findings("drafts/a.txt", extra)
            .into_iter()
            .find(|(r, _, _)| r == "blame-shifting")
            .map(|(_, s, _)| s)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const BLAME: &str = "I lied to you, and honestly you made me do it.\n";

#[test]
fn each_layer_overrides_the_one_below_it() {
    let s = Sandbox::new();
    s.write("project/drafts/a.txt", BLAME);
    assert_eq!(
        s.blame_level(&[]).as_deref(),
        Some("error"),
        "the built-in level"
    );

    s.write(
        "home/.config/amends/config.toml",
        "[rules]\nblame-shifting = \"warning\"\n",
    );
    assert_eq!(
        s.blame_level(&[]).as_deref(),
        Some("warning"),
        "the user's file"
    );
    assert_eq!(
        s.blame_level(&["--no-user-config"]).as_deref(),
        Some("error"),
        "--no-user-config"
    );

    s.write(
        "project/.amends.toml",
        "[rules]\nblame-shifting = \"info\"\n",
    );
    assert_eq!(
        s.blame_level(&[]).as_deref(),
        Some("info"),
        "the project's file beats the user's"
    );

    s.write("project/extra.toml", "[rules]\nblame-shifting = \"hint\"\n");
    assert_eq!(
        s.blame_level(&["--config", "extra.toml"]).as_deref(),
        Some("hint"),
        "--config beats the project"
    );
    assert_eq!(
        s.blame_level(&["--config", "extra.toml", "--rule", "blame-shifting=off"]),
        None,
        "--rule beats everything"
    );
    assert_eq!(
        s.blame_level(&["--rule", "blame-shifting=on"]).as_deref(),
        Some("info"),
        "on keeps the level below"
    );
}

#[test]
fn xdg_config_home_is_preferred_to_dot_config() {
    let s = Sandbox::new();
    s.write("project/drafts/a.txt", BLAME);
    s.write(
        "home/.config/amends/config.toml",
        "[rules]\nblame-shifting = \"warning\"\n",
    );
    s.write(
        "xdg/amends/config.toml",
        "[rules]\nblame-shifting = \"hint\"\n",
    );
    let out = s.run(&["check", "--format", "json", "drafts/a.txt"], Some("xdg"));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["findings"][0]["severity"], "hint");
}

#[test]
fn the_nearest_project_file_wins_for_each_draft() {
    let s = Sandbox::new();
    s.write(
        "project/.amends.toml",
        "[rules]\nblame-shifting = \"warning\"\n",
    );
    s.write(
        "project/drafts/private/.amends.toml",
        "[rules]\nblame-shifting = \"off\"\n",
    );
    s.write("project/drafts/a.txt", BLAME);
    s.write("project/drafts/private/b.txt", BLAME);
    assert_eq!(s.blame_level(&[]).as_deref(), Some("warning"));
    assert!(
        s.findings("drafts/private/b.txt", &[])
            .iter()
            .all(|(r, _, _)| r != "blame-shifting")
    );
}

#[test]
fn levels_switch_groups_and_rules_tables_set_parameters_and_patterns() {
    let s = Sandbox::new();
    s.write(
        "project/drafts/a.txt",
        "You caused this. Sorry. Sorry. I apologise. Sorry again.\n",
    );
    s.write(
        "project/my-rules/over-apologising.toml",
        include_str!("fixtures/extra-pack/over-apologising.toml"),
    );
    // A pack named relative to the config file; its hint rule fires at more than 2.
    s.write(
        "project/.amends.toml",
        "packs = [\"my-rules\"]\n[rules.blame-shifting]\npatterns = ['{you} caused (?:this|it)']\n",
    );
    let rules: Vec<_> = s
        .findings("drafts/a.txt", &[])
        .into_iter()
        .map(|(r, _, _)| r)
        .collect();
    assert!(
        rules.contains(&"blame-shifting".to_string()),
        "an added pattern: {rules:?}"
    );
    assert!(
        rules.contains(&"over-apologising".to_string()),
        "a pack rule: {rules:?}"
    );

    s.write(
        "project/.amends.toml",
        "packs = [\"my-rules\"]\n[levels]\nhint = \"off\"\n",
    );
    assert!(
        !s.findings("drafts/a.txt", &[])
            .iter()
            .any(|(r, _, _)| r == "over-apologising"),
        "[levels] hint = off"
    );

    s.write("project/.amends.toml", "packs = [\"my-rules\"]\n[levels]\nhint = \"off\"\n[rules]\nover-apologising = \"warning\"\n");
    let found = s.findings("drafts/a.txt", &[]);
    assert!(
        found
            .iter()
            .any(|(r, l, _)| r == "over-apologising" && l == "warning"),
        "a rule setting beats its level group: {found:?}"
    );

    s.write(
        "project/.amends.toml",
        "packs = [\"my-rules\"]\n[rules.over-apologising]\nmax = 10\n",
    );
    assert!(
        !s.findings("drafts/a.txt", &[])
            .iter()
            .any(|(r, _, _)| r == "over-apologising"),
        "max raised past the count"
    );
}

#[test]
fn a_pack_rule_replaces_the_built_in_one_of_the_same_id() {
    let s = Sandbox::new();
    s.write(
        "project/drafts/a.txt",
        "We should talk. It was my doing, ALL OF IT.\n",
    );
    let own = "id = \"blame-shifting\"\nlevel = \"hint\"\nkind = \"pattern\"\nmessage = \"My own wording.\"\nexplanation = \"Mine.\"\npatterns = [\"all of it\"]\n";
    s.write("project/mine/blame-shifting.toml", own);
    let found = s.findings("drafts/a.txt", &["--pack", "mine"]);
    assert_eq!(
        found,
        [(
            "blame-shifting".to_string(),
            "hint".to_string(),
            "My own wording.".to_string()
        )]
    );
    let out = s.run(&["rules", "--pack", "mine"], None);
    let listing = text(&out.stdout);
    let line = listing
        .lines()
        .find(|l| l.starts_with("blame-shifting"))
        .unwrap();
    assert!(
        line.contains("hint") && line.contains("mine/blame-shifting.toml"),
        "{line}"
    );
}

#[test]
fn the_partners_name_counts_as_you() {
    let s = Sandbox::new();
    s.write("project/drafts/a.txt", "Honestly, Sam made me do it.\n");
    assert_eq!(s.blame_level(&[]), None);
    s.write("project/.amends.toml", "partner = \"Sam\"\n");
    assert_eq!(s.blame_level(&[]).as_deref(), Some("error"));
}

#[test]
fn allowed_phrases_are_never_flagged_by_their_rule() {
    let s = Sandbox::new();
    s.write(
        "project/drafts/a.txt",
        "You made me promise to tell you everything, so here it is.\n",
    );
    s.write(
        "project/.amends.toml",
        "[rules.blame-shifting]\npatterns = ['{you} made me promise']\n",
    );
    assert_eq!(s.blame_level(&[]).as_deref(), Some("error"));
    // Case and curly quotes don't matter to an allowed phrase.
    s.write("project/.amends.toml", "[rules.blame-shifting]\npatterns = ['{you} made me promise']\n[allow]\nblame-shifting = [\"YOU MADE ME PROMISE\"]\n");
    assert_eq!(s.blame_level(&[]), None);
}

#[test]
fn init_writes_a_starter_that_loads_and_never_overwrites() {
    let s = Sandbox::new();
    let out = s.run(&["init"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = fs::read_to_string(s.path("project/.amends.toml")).unwrap();
    assert!(written.contains("# partner = \"Sam\""));
    let out = s.run(&["config"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the starter parses: {}",
        text(&out.stderr)
    );
    // Every commented-out setting is valid too once uncommented.
    let uncommented: String = written
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|r| r.contains(" = ") || r.starts_with('['))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(s.path("project/.amends.toml"), &uncommented).unwrap();
    fs::create_dir_all(s.path("project/my-rules")).unwrap();
    fs::write(
        s.path("project/my-rules/over-apologising.toml"),
        include_str!("fixtures/extra-pack/over-apologising.toml"),
    )
    .unwrap();
    let out = s.run(&["config"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "uncommented starter: {}\n{uncommented}",
        text(&out.stderr)
    );

    fs::write(s.path("project/.amends.toml"), "keep me").unwrap();
    let out = s.run(&["init"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already exists"));
    assert_eq!(
        fs::read_to_string(s.path("project/.amends.toml")).unwrap(),
        "keep me"
    );
}

#[test]
fn config_shows_each_setting_with_its_source() {
    let s = Sandbox::new();
    s.write(
        "home/.config/amends/config.toml",
        "partner = \"Alex\"\n[rules]\npathos = \"off\"\n",
    );
    s.write(
        "project/.amends.toml",
        "partner = \"Sam\"\n[rules]\npressure = \"error\"\n",
    );
    let out = s.run(&["config", "drafts"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    let user = s
        .path("home/.config/amends/config.toml")
        .display()
        .to_string();
    let project = s.path("project/.amends.toml").display().to_string();
    assert!(
        shown.contains(&format!("partner = \"Sam\"  # {project}")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "[rules.pathos]  # now off\nlevel = \"off\"  # {user}"
        )),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "[rules.pressure]  # now error\nlevel = \"error\"  # {project}"
        )),
        "{shown}"
    );

    let out = s.run(&["rules"], None);
    let listing = text(&out.stdout);
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("pathos") && l.contains(" off ")),
        "{listing}"
    );
}

#[test]
fn test_rules_runs_a_writers_own_examples() {
    let s = Sandbox::new();
    let rule = "id = \"too-soon\"\nlevel = \"warning\"\nkind = \"pattern\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"tomorrow\"]\n[[examples]]\ntext = \"See you tomorrow.\"\nflagged = true\n[[examples]]\ntext = \"Whenever you like.\"\nflagged = true\n";
    s.write("project/mine/too-soon.toml", rule);
    let out = s.run(&["test-rules", "mine"], None);
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    assert!(
        report.contains("FAILED  too-soon (1 of 2 examples)"),
        "{report}"
    );
    assert!(
        report.contains("example 2: should be flagged but was not"),
        "{report}"
    );
    assert!(
        report.contains("1 rules, 2 examples: 1 passed, 1 failed"),
        "{report}"
    );
}

/// A phrase none of the rule's flagged examples exercises is named, as a note: the
/// examples pass, so the exit status stays 0, but a reader could not tell what it is for.
#[test]
fn test_rules_names_a_phrase_no_flagged_example_uses() {
    let s = Sandbox::new();
    let rule = "id = \"too-soon\"\nlevel = \"warning\"\nkind = \"pattern\"\nmessage = \"m\"\nexplanation = \"e\"\nphrases = [\"see you tomorrow\", \"see you tonihgt\"]\n[[examples]]\ntext = \"I will see you tomorrow.\"\nflagged = true\n[[examples]]\ntext = \"Whenever you like.\"\nflagged = false\n";
    s.write("project/mine/too-soon.toml", rule);
    let out = s.run(&["test-rules", "mine"], None);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(report.contains("ok      too-soon (2 examples)"), "{report}");
    assert!(
        report.contains("note: no flagged example is found by the phrase `see you tonihgt`"),
        "{report}"
    );
    assert!(!report.contains("phrase `see you tomorrow`"), "{report}");
    assert!(
        report.contains("1 phrase(s) find no flagged example"),
        "{report}"
    );
}

/// Every way a configuration can be wrong: exit 2, a location, and what to do.
#[test]
fn bad_configuration_is_reported_with_a_location_and_a_suggestion() {
    let s = Sandbox::new();
    s.write("project/drafts/a.txt", BLAME);
    let project = s.path("project/.amends.toml").display().to_string();
    let cases: [(&str, &str); 8] = [
        (
            "partnr = \"Sam\"\n",
            ":1:1: unknown key `partnr` (did you mean `partner`?)",
        ),
        (
            "[rules]\npresure = \"error\"\n",
            ":2:1: there is no rule `presure` (did you mean `pressure`?)",
        ),
        (
            "[rules]\npathos = \"loud\"\n",
            ":2:10: `loud` is not a rule setting",
        ),
        (
            "[rules.blame-shifting]\nmax-share = 0.2\n",
            ":2:1: `max-share` is not a parameter of `pattern` rules",
        ),
        (
            "[rules.blame-shifting]\nlevl = \"hint\"\n",
            ":2:1: unknown parameter `levl` (did you mean `level`?)",
        ),
        (
            "[rules.blame-shifting]\npatterns = ['(oops']\n",
            ":2:13: invalid pattern \"(oops\": unclosed group",
        ),
        (
            "[levels]\nwarnings = \"off\"\n",
            ":2:1: `warnings` is not a level (did you mean `warning`?)",
        ),
        (
            "[allow]\nblame = [\"x\"]\n",
            ":2:1: there is no rule `blame`",
        ),
    ];
    for (config, expected) in cases {
        s.write("project/.amends.toml", config);
        let out = s.run(&["check", "drafts/a.txt"], None);
        assert_eq!(out.status.code(), Some(2), "{config}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("error: {project}{expected}")),
            "for {config:?} expected {expected:?} in:\n{err}"
        );
        assert!(
            text(&out.stdout).contains("1 of 1 file"),
            "the draft is still checked: {}",
            text(&out.stdout)
        );
    }
    fs::remove_file(s.path("project/.amends.toml")).unwrap();

    let out = s.run(&["check", "--config", "missing.toml", "drafts/a.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing.toml: cannot read this configuration file"),
        "{}",
        text(&out.stderr)
    );
    let out = s.run(&["check", "--rule", "pathos", "drafts/a.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is not ID=LEVEL"),
        "{}",
        text(&out.stderr)
    );
    let out = s.run(&["check", "--pack", "no-such-folder", "drafts/a.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no-such-folder: cannot read this rule folder"),
        "{}",
        text(&out.stderr)
    );
    let out = s.run(&["check", "--rule", "pathoss=off", "drafts/a.txt"], None);
    assert!(
        text(&out.stderr)
            .contains("command line: there is no rule `pathoss` (did you mean `pathos`?)"),
        "{}",
        text(&out.stderr)
    );
    assert!(Path::new(&s.path("project/drafts/a.txt")).exists());
}

#[test]
fn init_in_a_folder_that_does_not_exist_says_so_plainly() {
    let s = Sandbox::new();
    let out = s.run(&["init", "nodir/sub"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(
        err,
        "error: nodir/sub: there is no such folder; create it first (mkdir -p nodir/sub), or run amends init in a folder that exists\n"
    );
    assert!(!s.path("project/nodir").exists(), "nothing is created");
    s.write("project/notes.txt", "a file");
    let out = s.run(&["init", "notes.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: notes.txt: this is a file, not a folder; give the folder to write .amends.toml in\n"
    );
}

#[test]
fn a_mistyped_setting_suggests_the_closest_value() {
    let s = Sandbox::new();
    s.write("project/drafts/a.txt", BLAME);
    for (typed, meant) in [
        ("of", "off"),
        ("onn", "on"),
        ("warnign", "warning"),
        ("eror", "error"),
    ] {
        let rule = format!("pressure={typed}");
        let out = s.run(&["check", "--rule", &rule, "drafts/a.txt"], None);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "`{typed}` is not a rule setting (did you mean `{meant}`?)"
            )),
            "{typed}: {err}"
        );
    }
}

#[test]
fn an_empty_partner_is_a_located_error() {
    let s = Sandbox::new();
    s.write("project/drafts/a.txt", BLAME);
    let project = s.path("project/.amends.toml").display().to_string();
    for config in ["partner = \"\"\n", "partner = \"  \"\n"] {
        s.write("project/.amends.toml", config);
        let out = s.run(&["check", "drafts/a.txt"], None);
        assert_eq!(out.status.code(), Some(2), "{config}");
        assert!(
            text(&out.stderr).contains(&format!(
                "error: {project}:1:11: `partner` is empty: give your partner's name (partner = \"Sam\"), or remove the line"
            )),
            "{config}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).contains("1 of 1 file"),
            "the draft is still checked: {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn the_same_rule_id_in_two_packs_names_both_files() {
    let s = Sandbox::new();
    s.write("project/drafts/a.txt", BLAME);
    let rule = "id = \"too-soon\"\nlevel = \"warning\"\nkind = \"pattern\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"tomorrow\"]\n";
    s.write("project/first/too-soon.toml", rule);
    s.write("project/second/too-soon.toml", rule);
    let out = s.run(
        &[
            "check",
            "--pack",
            "first",
            "--pack",
            "second",
            "drafts/a.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(
            "error: second/too-soon.toml:1:6: the rule `too-soon` is already defined in first/too-soon.toml; give one of them another id (and file name), or remove one"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn test_rules_takes_several_folders_and_files() {
    let s = Sandbox::new();
    let rule = |id: &str, word: &str| {
        format!(
            "id = \"{id}\"\nlevel = \"warning\"\nkind = \"pattern\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"{word}\"]\n[[examples]]\ntext = \"See you {word}.\"\nflagged = true\n"
        )
    };
    s.write("project/one/too-soon.toml", &rule("too-soon", "tomorrow"));
    s.write("project/two/at-once.toml", &rule("at-once", "now"));
    s.write("project/two/right-away.toml", &rule("right-away", "today"));
    s.write("project/loose/tonight.toml", &rule("tonight", "tonight"));
    let out = s.run(&["test-rules", "one", "two", "loose/tonight.toml"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for id in ["too-soon", "at-once", "right-away", "tonight"] {
        assert!(
            report.contains(&format!("ok      {id} (1 examples)")),
            "{report}"
        );
    }
    assert!(
        report.contains("4 rules, 4 examples: 4 passed, 0 failed"),
        "{report}"
    );
    let out = s.run(&["test-rules", "one", "nowhere"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("error: nowhere: there is no such file or folder"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("ok      too-soon"),
        "the rest is tested"
    );
    let help = text(&s.run(&["test-rules", "--help"], None).stdout);
    assert!(help.contains("[PATH]..."), "{help}");
}
