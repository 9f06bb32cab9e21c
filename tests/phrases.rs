//! What issue #17 asked of the rewritten pack, through the real binary: the textbook
//! problems it quotes are caught however they are typed, each occurrence gets its own
//! tight underline, a class a writer extends in their own pack reaches every rule, the
//! learned weights add what no phrase lists and drop a phrase's match they read as a kind
//! use of its words (and can be turned off), and kind uses of the phrases' words pass.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn amends(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("amends runs");
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.unwrap_or_default().as_bytes())
            .expect("stdin is written");
    }
    child.wait_with_output().expect("amends finishes")
}

/// `(rule, flagged words)` for every sentence finding of `text` checked as plain text.
fn findings(text: &str, extra: &[&str]) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.push("-");
    let out = amends(dir.path(), &args, Some(text));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("JSON ({e}): {}", String::from_utf8_lossy(&out.stderr));
    });
    json["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| !f["rule"].as_str().unwrap_or("").starts_with("missing-"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn rules_of(text: &str) -> Vec<String> {
    findings(text, &[]).into_iter().map(|(r, _)| r).collect()
}

#[test]
fn the_plain_letter_from_the_issue_gets_its_four_problems() {
    let letter = "I forgot your birthday. I know. But people forget birthdays all the time, \
                  and I did get you something the next day. Honestly, had you reminded me \
                  even once that week, none of it would have happened. You know my memory \
                  is terrible and you know how busy I've been with the new job.\n\n\
                  Sorry it landed that way for you.\n";
    let found = rules_of(letter);
    for rule in [
        "minimizing",
        "blame-shifting",
        "excuse",
        "conditional-apology",
    ] {
        assert!(found.iter().any(|r| r == rule), "no {rule} in {found:?}");
    }
}

#[test]
fn the_issues_other_sentences_are_each_caught_by_their_rule() {
    for (text, rule) in [
        (
            "Either you come home this week or I'm filing for divorce.",
            "ultimatum-threat",
        ),
        ("Keep ignoring me and see what happens.", "ultimatum-threat"),
        ("You wound me up until I snapped.", "blame-shifting"),
        (
            "if u hadnt kept going on at me i never would of said it",
            "blame-shifting",
        ),
        (
            "I'd had a dreadful week at work, so I wasn't really myself.",
            "excuse",
        ),
        ("my bad if that sounded harsh", "conditional-apology"),
    ] {
        let found = rules_of(text);
        assert!(
            found.iter().any(|r| r == rule),
            "{text:?}: expected {rule}, got {found:?}"
        );
    }
}

#[test]
fn each_occurrence_is_its_own_tight_finding() {
    let found = findings(
        "you made me do it, and later: YOU MADE ME DO IT\n",
        &["--rule", "missing-explanation=off"],
    );
    let blame: Vec<&str> = found
        .iter()
        .filter(|(r, _)| r == "blame-shifting")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(blame.len(), 2, "{found:?}");
    for text in blame {
        assert!(
            text.len() <= "you made me do it".len(),
            "a finding stretches past its own words: {text:?}"
        );
    }
}

#[test]
fn a_class_extended_in_a_pack_reaches_the_built_in_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("my-rules");
    fs::create_dir(&pack).expect("pack folder");
    let sentence = "You bamboozled me into it.";
    assert!(
        !rules_of(sentence).contains(&"blame-shifting".to_string()),
        "the made-up verb is unknown before the pack adds it"
    );
    fs::write(
        pack.join("lexicon.toml"),
        "[verbs]\ncause = [\"bamboozle\"]\n",
    )
    .expect("lexicon");
    let pack_arg = pack.display().to_string();
    let found = findings(sentence, &["--pack", &pack_arg]);
    assert!(
        found.iter().any(|(r, _)| r == "blame-shifting"),
        "{found:?}"
    );
}

#[test]
fn a_class_extended_in_the_config_reaches_the_built_in_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sentence = "You bamboozled me into it.\n";
    fs::write(dir.path().join("letter.txt"), sentence).expect("letter");
    let check = |dir: &Path| {
        let out = amends(dir, &["check", "--format", "json", "letter.txt"], None);
        String::from_utf8_lossy(&out.stdout).contains("blame-shifting")
    };
    assert!(!check(dir.path()), "the made-up verb is unknown at first");
    fs::write(
        dir.path().join(".amends.toml"),
        "[lexicon.verbs]\ncause = [\"bamboozle\"]\n",
    )
    .expect("config");
    assert!(
        check(dir.path()),
        "the config's class reaches blame-shifting"
    );
    fs::write(
        dir.path().join(".amends.toml"),
        "[lexicon.verb]\ncause = [\"bamboozle\"]\n",
    )
    .expect("config");
    let out = amends(dir.path(), &["check", "letter.txt"], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[lexicon]: unknown section `[verb]` (did you mean `verbs`?)"),
        "{stderr}"
    );
}

#[test]
fn a_broken_lexicon_is_reported_with_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("my-rules");
    fs::create_dir(&pack).expect("pack folder");
    fs::write(pack.join("lexicon.toml"), "[verb]\ncause = [\"goad\"]\n").expect("lexicon");
    let pack_arg = pack.display().to_string();
    let out = amends(
        dir.path(),
        &["check", "--pack", &pack_arg, "-"],
        Some("I'm sorry.\n"),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("lexicon.toml:1:2: unknown section `[verb]` (did you mean `verbs`?)"),
        "{stderr}"
    );
}

/// A writer's class entry that is not a phrase is reported at its line and left out; the
/// built-in rules that use the class keep working (it used to fail every phrase using it).
#[test]
fn a_broken_class_entry_costs_only_itself() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("my-rules");
    fs::create_dir(&pack).expect("pack folder");
    fs::write(
        pack.join("lexicon.toml"),
        "[verbs]\ncause = [\"hector\", \"egg (on\"]\n",
    )
    .expect("lexicon");
    let pack_arg = pack.display().to_string();
    let out = amends(
        dir.path(),
        &["check", "--pack", &pack_arg, "--format", "short", "-"],
        Some("You hectored me into it. You made me do it.\n"),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stderr
            .contains("lexicon.toml:2:20: `egg (on` in `@cause` is left out: a `(` is not closed"),
        "{stderr}"
    );
    assert!(!stderr.contains("blame-shifting.toml"), "{stderr}");
    assert_eq!(
        stdout.matches("[blame-shifting]").count(),
        2,
        "both sentences, the added word included: {stdout}"
    );
}

/// Not one phrase of `counter-accusation` matches this sentence; its words weigh enough.
const UNLISTED_COUNTER: &str =
    "Let's be honest, you've hardly been a model partner these last few months either.";

#[test]
fn the_learned_weights_flag_a_sentence_no_phrase_lists() {
    let found = findings(&format!("{UNLISTED_COUNTER}\n"), &[]);
    assert!(
        found.contains(&(
            "counter-accusation".to_string(),
            // The sentence's words, first to last: not its full stop.
            UNLISTED_COUNTER.trim_end_matches('.').to_string()
        )),
        "{found:?}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("settings.toml");
    let config_arg = config.to_string_lossy().into_owned();
    for (setting, why) in [
        (
            "learned = false",
            "with `learned = false` the phrases alone judge",
        ),
        // What excuses a match excuses the weights' finding too: here the writer's `unless`.
        (
            "unless = ['model partner']",
            "an `unless` holds for the learned weights",
        ),
    ] {
        fs::write(&config, format!("[rules.counter-accusation]\n{setting}\n")).expect("config");
        let found = findings(
            &format!("{UNLISTED_COUNTER}\n"),
            &["--config", config_arg.as_str()],
        );
        assert!(
            found.iter().all(|(rule, _)| rule != "counter-accusation"),
            "{why}: {found:?}"
        );
    }
}

/// A phrase of `minimizing` finds the first clause; nothing it lists is in the second, which
/// makes the same thing small again.
const TWO_CLAUSES: &str = "Nothing physical ever happened, it was only ever words on a phone between two bored people at midnight.";

#[test]
fn the_learned_weights_judge_the_words_a_phrase_left_in_its_sentence() {
    let with_weights = findings(&format!("{TWO_CLAUSES}\n"), &[]);
    assert_eq!(
        with_weights,
        vec![(
            "minimizing".to_string(),
            TWO_CLAUSES.trim_end_matches('.').to_string()
        )],
        "the phrase's stretch reaches over the second clause the weights flagged"
    );
    // Under the phrase's message: the stretch is not only what the weights found.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = amends(
        dir.path(),
        &["check", "--format", "json", "-"],
        Some(&format!("{TWO_CLAUSES}\n")),
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let message = json["files"][0]["findings"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.starts_with("This makes"), "{message}");
    assert!(!message.contains("No phrase matched"), "{message}");
    let config = dir.path().join("settings.toml");
    fs::write(&config, "[rules.minimizing]\nlearned = false\n").expect("config");
    let config_arg = config.to_string_lossy().into_owned();
    let phrases_alone = findings(&format!("{TWO_CLAUSES}\n"), &["--config", &config_arg]);
    assert_eq!(
        phrases_alone,
        vec![(
            "minimizing".to_string(),
            "Nothing physical ever happened".to_string()
        )]
    );
}

/// Checks each text alone, as a letter of one sentence: no sentence rule may flag it.
fn assert_unflagged(texts: &[&str]) {
    for text in texts {
        let found = findings(&format!("{text}\n"), &[]);
        assert!(found.is_empty(), "{text:?} was flagged: {found:?}");
    }
}

#[test]
fn kind_sentences_are_left_alone_by_the_learned_weights() {
    // Our own near misses: the words of blame, pressure, pity and bargaining, used kindly.
    assert_unflagged(&[
        "I am so grateful you stood by me through my father's illness.",
        "If you ever want to talk, I will be here, and there is no hurry at all.",
        "You made that first winter in the flat feel like home.",
        "Nothing you did led to this; the choice was mine, every time.",
        "I have booked nothing and planned nothing; what happens next is yours to decide.",
        "Take whatever time you need, weeks or months, and I will respect it.",
        "I miss you, and I know that missing you is not something you owe me anything for.",
        "I started seeing a counsellor in March, for me, not as a bargain.",
        // Negated: what a demand would ask for, said not to be asked.
        "I won't ask you for a decision, not tonight and not next week.",
        "You do not owe me a reply, and there is no decision you have to make.",
        // A clause whose subject denies it.
        "None of what happened was your fault, and I am not asking for forgiveness.",
    ]);
}

#[test]
fn kind_uses_of_the_phrases_words_are_left_alone() {
    // Families of false findings from letters nobody tuned on, each in our own words: a
    // story told in the past, the hour of writing, an apology's own words.
    assert_unflagged(&[
        "My grandfather lost his farm and never talked about it again.",
        "I came home every evening and told you stories about a job I no longer had.",
        "I used to explain things away until they meant nothing at all.",
        "I want you to hear it from me first, not from your brother.",
        "It was worse than I let you believe at the time.",
        "I am writing at 3am because I cannot sleep, so forgive the rambling.",
        "Please don't feel you need to answer this quickly, or at all.",
    ]);
}

#[test]
fn the_kids_promised_a_visit_are_a_bargain_and_the_kids_kept_away_a_threat() {
    // `@penalize` once held "make sure the kids", which made a promise of weekends an
    // ultimatum; what the writer will make sure of is what decides it.
    assert_eq!(
        rules_of("If you drop the solicitor, I will make sure the kids see you every weekend.\n"),
        ["negotiating-amends"]
    );
    assert_eq!(
        rules_of("If you leave, I will make sure the kids never see you again.\n"),
        ["ultimatum-threat"]
    );
}

#[test]
fn a_phrase_match_is_dropped_where_the_sentences_words_weigh_against_its_rule() {
    // A writer's own pattern for `pathos`, as loose as patterns get: two words.
    let rules_of_with = |text: &str, settings: &str| {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = dir.path().join("settings.toml");
        fs::write(
            &config,
            format!("[rules.pathos]\npatterns = ['every sunday']\n{settings}"),
        )
        .expect("config");
        let config = config.to_string_lossy().into_owned();
        findings(&format!("{text}\n"), &["--config", config.as_str()])
            .into_iter()
            .map(|(rule, _)| rule)
            .collect::<Vec<_>>()
    };
    let thanks = "Thank you for every Sunday you spent teaching me to cook, and for your patience.";
    let pity = "Every Sunday I sit by the phone and cry, I can't go on like this.";
    // The weights read the thanks as no self-pity at all, and drop the pattern's match.
    let found = rules_of_with(thanks, "");
    assert!(!found.iter().any(|r| r == "pathos"), "{found:?}");
    // Where the words are self-pity, the match stands.
    let found = rules_of_with(pity, "");
    assert!(found.iter().any(|r| r == "pathos"), "{found:?}");
    // With the weights off, the pattern alone judges, and the thanks is flagged too.
    let alone = rules_of_with(thanks, "learned = false\n");
    assert!(alone.iter().any(|r| r == "pathos"), "{alone:?}");
}

/// A dictated letter: one "sentence" of eighty words with no full stop.
const DICTATED: &str = "so i wanted to say first that the picnic on sunday was lovely and the kids \
    loved the lake and your sister made that cake everyone talked about and then on the way \
    home i stopped at the garage for petrol and honestly you were never exactly faithful to me \
    in spirit either were you with all your little work crushes and anyway the car needs a \
    service next month and i booked it for the tuesday";

#[test]
fn a_long_sentence_without_full_stops_is_judged_in_stretches_of_words() {
    let found = findings(&format!("{DICTATED}\n"), &[]);
    let counter: Vec<&String> = found
        .iter()
        .filter(|(rule, _)| rule == "counter-accusation")
        .map(|(_, words)| words)
        .collect();
    assert_eq!(counter.len(), 1, "{found:?}");
    // The stretch with the problem, not the picnic and the car around it.
    assert!(counter[0].contains("faithful to me"), "{counter:?}");
    assert!(!counter[0].contains("picnic"), "{counter:?}");
    assert!(counter[0].split_whitespace().count() <= 30, "{counter:?}");
}

/// Whether `letter` gets the `missing-explanation` finding, with `settings` in force.
fn missing_explanation(letter: &str, settings: &str) -> bool {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("settings.toml"), settings).expect("settings");
    let out = amends(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--config",
            "settings.toml",
            "-",
        ],
        Some(letter),
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    json["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["rule"] == "missing-explanation")
}

#[test]
fn the_learned_weights_recognise_an_explanation_no_phrase_lists() {
    let letter = |middle: &str| {
        format!(
            "Dear Nadia,\n\nI went to the concert with Marco after telling you I was working late, \
             and I kept it from you for three weeks. I am sorry for the lie and for the weeks of it. \
             {middle} If you ever want to talk, I will be here, with no hurry at all.\n\nSam\n"
        )
    };
    let explains = letter(
        "Looking back, I think I lied because telling you the truth meant admitting I was \
         unhappy with myself, and I could not face that.",
    );
    assert!(!missing_explanation(&explains, ""));
    assert!(
        missing_explanation(&explains, "[rules.missing-explanation]\nlearned = false\n"),
        "no phrase lists these words: without the weights the letter lacks an explanation"
    );
    // An excuse is not an explanation, with or without the weights.
    let excuses =
        letter("Work had been brutal all month and I was exhausted and not thinking straight.");
    assert!(missing_explanation(&excuses, ""));
}
