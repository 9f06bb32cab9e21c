use super::*;
use crate::rules::lexicon::Lexicon;

fn lexicon() -> Lexicon {
    let mut l = Lexicon::default();
    l.extend(
        "test",
        r#"
[verbs]
cause = ["make", "drive", "push", "wind up", "set off"]
[words]
partner-act = ["nagging", "ignoring"]
[constructions]
if-you-had = "(if you had|would | had you)"
"#,
    )
    .unwrap();
    l
}

fn phrase(source: &str, partner: Option<&str>) -> Phrase {
    let lexicon = Arc::new(lexicon());
    let classes = Classes::default();
    Phrase::new(
        source,
        &Env {
            lexicon: &lexicon,
            partner,
            classes: &classes,
        },
    )
    .unwrap()
}

fn matches(source: &str, text: &str) -> Vec<String> {
    let p = phrase(source, None);
    let words = SentenceWords::new(text);
    let found = p.spans(&words);
    // The shortcuts (required words, where a match can begin) change nothing.
    assert_eq!(found, p.spans_everywhere(&words), "{source}");
    found.into_iter().map(|r| text[r].to_string()).collect()
}

#[test]
fn words_match_however_they_are_typed() {
    assert_eq!(matches("you had not", "If U HADNT gone"), ["U HADNT"]);
    assert_eq!(
        matches("you hadn't", "if you had not gone"),
        ["you had not"]
    );
    assert_eq!(matches("I would have", "I'd have"), ["I'd have"]);
    assert_eq!(matches("I had been", "I'd been"), ["I'd been"]);
}

#[test]
fn classes_bring_every_form_and_phrases_inside_them() {
    assert_eq!(
        matches("you @cause me", "you drove me mad and u made me cry"),
        ["you drove me", "u made me"]
    );
    assert_eq!(
        matches("you @cause", "you wound up the dog"),
        ["you wound up"]
    );
    assert_eq!(
        matches("your @partner-act", "your nagging"),
        ["your nagging"]
    );
    assert_eq!(
        matches("@if-you-had ... I would", "had you called I would have"),
        ["had you called I would"]
    );
}

#[test]
fn gaps_stay_inside_the_clause_and_breaks_are_optional() {
    let p = "if you had ... , I would not have";
    assert_eq!(
        matches(p, "if you had listened I would not have"),
        ["if you had listened I would not have"]
    );
    assert_eq!(
        matches(p, "if you had listened, I wouldn't have"),
        ["if you had listened, I wouldn't have"]
    );
    assert!(matches("if you had ... I would", "if you had, then I would").is_empty());
    assert!(matches("you ...2 me", "you really truly badly hurt me").is_empty());
    assert_eq!(
        matches("you ...2 me", "you really hurt me"),
        ["you really hurt me"]
    );
}

#[test]
fn gaps_after_gaps_find_the_same_matches_as_one_try_at_a_time() {
    // A rest tried and failed at a token is not tried there again, however the earlier
    // gaps got there; what matches must not change.
    let p = "if you ...4 (, ...4)? (, ...4)? ,? ...2 I would have";
    assert_eq!(
        matches(
            p,
            "if you had come, if only once, or even called, then I would have stayed"
        ),
        ["if you had come, if only once, or even called, then I would have"]
    );
    assert!(
        matches(
            p,
            "if you had come, if only once, or even called, I had gone"
        )
        .is_empty()
    );
    assert_eq!(
        matches(
            p,
            "if you came, or rang, I would have, and if you wrote, well, I would have too"
        ),
        [
            "if you came, or rang, I would have",
            "if you wrote, well, I would have"
        ]
    );
}

#[test]
fn choices_options_negation_and_anchors() {
    assert_eq!(
        matches(
            "sorry (you feel | if you felt) hurt?",
            "sorry you feel hurt"
        ),
        ["sorry you feel hurt"]
    );
    assert_eq!(
        matches("sorry (you feel | if you felt) hurt?", "sorry if you felt"),
        ["sorry if you felt"]
    );
    assert_eq!(
        matches("you made me !laugh", "you made me cry"),
        ["you made me"]
    );
    assert!(matches("you made me !(laugh|smile)", "you made me smile").is_empty());
    assert_eq!(
        matches("you give~|make~ me", "you gave me, you made me"),
        ["you gave me", "you made me"]
    );
    // `!` rules out a whole sequence, and a class's entries of several words whole.
    assert_eq!(matches("I !(keep going) *", "I keep quiet"), ["I keep"]);
    assert!(matches("I !(keep going) *", "I keep going").is_empty());
    assert_eq!(matches("it !@cause *", "it set in"), ["it set"]);
    assert!(matches("it !@cause *", "it set off").is_empty());
    assert_eq!(matches("^ so what", "So what? so what"), ["So what"]);
    // Punctuation at the edges is matched but not underlined.
    assert_eq!(
        matches("what did you expect ?", "what did you expect?"),
        ["what did you expect"]
    );
    assert!(matches("what did you expect ?", "what did you expect from me").is_empty());
    assert_eq!(matches("started it $", "you started it."), ["started it"]);
    assert!(matches("started it $", "you started it again").is_empty());
}

#[test]
fn every_occurrence_is_its_own_match() {
    assert_eq!(
        matches(
            "you made me",
            "you made me do it, and later: YOU MADE ME DO IT"
        ),
        ["you made me", "YOU MADE ME"]
    );
}

#[test]
fn the_partner_name_stands_for_you() {
    let p = phrase("it was !(you|your) *", Some("Jo Ann"));
    assert!(p.is_match("it was me"));
    assert!(!p.is_match("it was Jo Ann"));
    assert!(!p.is_match("it was your"));
    let p = phrase("you made me", Some("Jo Ann"));
    assert!(p.is_match("Jo Ann made me"));
    assert!(p.is_match("u made me"));
    let p = phrase("it is your fault", Some("Sam"));
    assert!(p.is_match("it's Sam's fault"));
}

#[test]
fn mistakes_are_explained() {
    let lexicon = Arc::new(lexicon());
    let classes = Classes::default();
    let env = Env {
        lexicon: &lexicon,
        partner: None,
        classes: &classes,
    };
    let err = |s: &str| Phrase::new(s, &env).unwrap_err();
    assert_eq!(
        err("you @caus me"),
        "there is no class or construction `@caus` in the lexicon (did you mean `cause`?)"
    );
    assert_eq!(err("(you made"), "a `(` is not closed");
    assert_eq!(
        err("you ...99"),
        "a gap is `...` or `...N` with N from 1 to 20"
    );
    assert_eq!(
        err("a | | b"),
        "an empty choice: something is missing before or after a `|`"
    );
    assert_eq!(
        err("word?"),
        "this phrase matches no words; give at least one word"
    );
    assert!(err("you [made]").starts_with("`[` has no meaning"));
    assert_eq!(
        err("feel (small|like nothing)"),
        "`(small|like nothing)` chooses single words and then goes on; to choose between word sequences put spaces around `|`: `(small | like nothing)`"
    );
    assert_eq!(
        err("(@cause|could not)"),
        "`(@cause|could not)` chooses single words and then goes on; to choose between word sequences put spaces around `|`: `(@cause | could not)`"
    );
    assert!(Phrase::new("I ((will|would) not)? go", &env).is_ok());
    assert!(Phrase::new("feel (small | like nothing)", &env).is_ok());
    assert!(Phrase::new("(I only|just @cause | me)", &env).is_ok());
}

#[test]
fn required_words_let_a_sentence_be_skipped() {
    let p = phrase("you @cause me", None);
    assert!(p.may_match(&SentenceWords::new("you drove me")));
    assert!(!p.may_match(&SentenceWords::new("you and me")));
}

#[test]
fn compiled_classes_are_shared_but_never_across_partners_or_lexicons() {
    let lexicon = Arc::new(lexicon());
    let classes = Classes::default();
    let env = |partner| Env {
        lexicon: &lexicon,
        partner,
        classes: &classes,
    };
    let plain = Phrase::new("@if-you-had", &env(None)).unwrap();
    let named = Phrase::new("@if-you-had", &env(Some("Sam"))).unwrap();
    assert!(!plain.is_match("if Sam had"));
    assert!(named.is_match("if Sam had"));
    let mut bigger = (*lexicon).clone();
    bigger
        .extend("more", "[verbs]\ncause = [\"hound\"]\n")
        .unwrap();
    let bigger = Arc::new(bigger);
    let env = Env {
        lexicon: &bigger,
        partner: None,
        classes: &classes,
    };
    assert!(
        Phrase::new("you @cause me", &env)
            .unwrap()
            .is_match("you hounded me")
    );
}

#[test]
fn a_sentence_calls_up_only_the_phrases_its_words_were_filed_under() {
    let phrases = [
        phrase("you @cause me", None),
        phrase("I was exhausted", None),
        // Needs no word in particular, so every sentence calls it up.
        phrase("^ * *", None),
    ];
    let index = PhraseIndex::new(phrases.iter().enumerate());
    // "you" and "me" are in nearly every letter: the phrase is filed under its verbs.
    let words = SentenceWords::new("You and me, we were fine.");
    assert_eq!(index.candidates(&words), [false, false, true]);
    let words = SentenceWords::new("u drove me to it");
    assert_eq!(index.candidates(&words), [true, false, true]);
    assert_eq!(
        phrases[0].spans(&words),
        phrases[0].spans_everywhere(&words)
    );
    assert_eq!(phrases[0].spans(&words), vec![0..10usize]);
}

#[test]
fn words_looked_up_before_a_phrase_named_them_are_looked_up_again() {
    // The sentence's words are numbered before any phrase names "zorblaxed".
    let words = SentenceWords::new("u zorblaxed me into it");
    let p = phrase("you zorblaxed me", None);
    let index = PhraseIndex::new([(0, &p)]);
    assert_eq!(index.candidates(&words), [true]);
    assert_eq!(p.spans(&words), vec![0..14usize]);
}

#[test]
fn a_hash_is_any_number_in_digits_and_nothing_else() {
    assert_eq!(
        matches("room #", "We were in room 1412, then room 7."),
        ["room 1412", "room 7"]
    );
    assert_eq!(matches("on the #", "on the 3rd of May"), ["on the 3rd"]);
    assert_eq!(matches("# , #", "We met at 7:40"), ["7:40"]);
    // Numbers in words, and words that only begin with digits, are not numbers.
    assert!(matches("room #", "room twelve, the room key, room 4b").is_empty());
}

#[test]
fn a_hash_with_an_ending_is_a_number_glued_to_that_ending() {
    assert_eq!(
        matches("at #pm", "home at 7PM, not at 7am or at 7 pm"),
        ["at 7PM"]
    );
    assert_eq!(matches("#ish", "around 3ish, or 3, or ish"), ["3ish"]);
    // The ending is the whole rest of the word, and digits must come first.
    assert!(matches("#k", "50kg of it, k9, and 5").is_empty());
}
