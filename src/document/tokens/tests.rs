use super::*;

fn norms(text: &str) -> Vec<String> {
    tokenize(text)
        .iter()
        .map(|t| match t.alt {
            Some(alt) => format!("{}/{alt}", t.norm),
            None => t.norm.to_string(),
        })
        .collect()
}

#[test]
fn what_writers_type_folds_to_one_form() {
    assert_eq!(
        norms("if u hadnt kept going on at me i never would of said it"),
        "if you had not kept going on at me i never would have said it"
            .split(' ')
            .collect::<Vec<_>>()
    );
    assert_eq!(norms("You hadn't"), ["you", "had", "not"]);
    assert_eq!(norms("I'd have"), ["i", "would/had", "have"]);
    assert_eq!(norms("wouldnt of"), ["would", "not", "have"]);
    assert_eq!(
        norms("im soooo sorry coz"),
        ["i", "am", "so", "sorry", "because"]
    );
    assert_eq!(
        norms("I apologise for my behaviour"),
        ["i", "apologize", "for", "my", "behavior"]
    );
    assert_eq!(
        norms("ur so cold, ur phone"),
        ["you", "are", "so", "cold", ",", "your", "phone"]
    );
    assert_eq!(norms("it's Sam's"), ["it", "is/has", "sam", "'s/is"]);
    assert_eq!(
        norms("can't won't cannot"),
        ["can", "not", "will", "not", "can", "not"]
    );
    assert_eq!(norms("nothin' pleeease"), ["nothing", "please"]);
    // The partner in Irish, Scots, Northern and old-fashioned English.
    assert_eq!(
        norms("if ye'd let us, I'd have told thee, yous knew"),
        [
            "if",
            "you",
            "would/had",
            "let",
            "us",
            ",",
            "i",
            "would/had",
            "have",
            "told",
            "you",
            ",",
            "you",
            "knew"
        ]
    );
    assert_eq!(
        norms("u been keepin secrets, sittin there, seein him"),
        [
            "you", "been", "keeping", "secrets", ",", "sitting", "there", ",", "seeing", "him"
        ]
    );
    // Words that end in "-in" of their own stay as they are.
    assert_eq!(
        norms("my cousin came again, begin within the cabin"),
        [
            "my", "cousin", "came", "again", ",", "begin", "within", "the", "cabin"
        ]
    );
    assert_eq!(
        norms("you ain't been fair, I ain't lying, it aint over"),
        [
            "you", "are/have", "not", "been", "fair", ",", "i", "am/have", "not", "lying", ",",
            "it", "is/has", "not", "over"
        ]
    );
    assert_eq!(
        norms("why havent u anwsered"),
        ["why", "have", "not", "you", "answered"]
    );
    assert_eq!(
        norms("ill be there, I was ill"),
        ["i", "will", "be", "there", ",", "i", "was", "ill"]
    );
}

#[test]
fn spelled_out_words_point_at_what_was_written() {
    let text = "u hadnt, ok";
    let tokens = tokenize(text);
    let spans: Vec<&str> = tokens.iter().map(|t| &text[t.span.clone()]).collect();
    assert_eq!(spans, ["u", "hadnt", "hadnt", ",", "ok"]);
    assert!(tokens[3].punct);
}

#[test]
fn hyphens_inside_words_are_not_clause_breaks_but_dashes_are() {
    assert_eq!(
        norms("self-harm - no -- yes"),
        ["self", "harm", "-", "no", "-", "yes"]
    );
    assert_eq!(norms("'cause I said"), ["because", "i", "said"]);
}
