//! Words as rules see them: each word of a sentence folded to a canonical form, so a
//! phrase written once ("you had not") matches what writers actually type ("u hadnt",
//! "you'd not", "You hadn’t"), while every token keeps the bytes it came from.
//!
//! Folding happens in one pass, word by word: lower case; runs of a repeated letter
//! shortened ("soooo"); contractions, with or without the apostrophe, spelled out
//! ("didnt" → "did not", "would of" → "would have"); texting shorthand ("u", "ur", "coz",
//! "pls"); common misspellings; British spellings to American ones ("apologise",
//! "behaviour"). Phrases are folded by the same code, so a rule author may write either.

use std::ops::Range;

/// One word (or punctuation mark) of a sentence, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The canonical form: lower case, spelled out, American spelling.
    pub norm: Box<str>,
    /// A second reading where the written form is ambiguous: "'d" is "would" or "had",
    /// "'s" after a pronoun is "is" or "has".
    pub alt: Option<&'static str>,
    /// Bytes of the text the token came from. Words spelled out from one written word
    /// ("didnt" → "did", "not") share its span.
    pub span: Range<usize>,
    /// Punctuation that ends a clause or a sentence (`, ; : - ( ) . ! ?`); gaps in phrases
    /// never cross it.
    pub punct: bool,
}

impl Token {
    /// Whether the token reads as `word` (already canonical).
    pub fn is(&self, word: &str) -> bool {
        &*self.norm == word || self.alt == Some(word)
    }
}

/// Splits `text` into canonical tokens; spans are byte ranges of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if c.is_alphanumeric() {
            let start = i;
            let mut end = i + len;
            if let Some(full) = slashed(&text[i..]) {
                out.push(word(full, None, i..i + 3));
                i += 3;
                continue;
            }
            // A word runs over letters, digits and inner apostrophes ("don't", "o'clock").
            while let Some(d) = text[end..].chars().next() {
                if d.is_alphanumeric() {
                    end += d.len_utf8();
                } else if d == '\''
                    && text[end + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                {
                    end += 1;
                } else {
                    break;
                }
            }
            push_word(&mut out, &text[start..end], start..end);
            i = end;
            continue;
        }
        // "'cause" and "'em": a leading apostrophe that belongs to the word.
        if c == '\'' {
            let rest = &text[i + 1..];
            let elided = [("cause", "because"), ("cos", "because"), ("em", "them")]
                .into_iter()
                .find(|(short, _)| {
                    rest.get(..short.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(short))
                        && !rest[short.len()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric)
                });
            match elided {
                Some((short, full)) => {
                    out.push(word(full, None, i..i + 1 + short.len()));
                    i += 1 + short.len();
                }
                None => i += 1,
            }
            continue;
        }
        let punct = match c {
            ',' | ';' | ':' | '(' | ')' | '.' | '!' | '?' => Some(c.to_string()),
            '-' | '\u{2013}' | '\u{2014}' => {
                // A hyphen inside a word ("self-harm") splits it without a clause break;
                // a dash between spaces, or a double hyphen, is a break.
                let spaced = (i > 0 && bytes[i - 1] == b' ')
                    || matches!(bytes.get(i + 1), Some(b' ' | b'-') | None);
                (c != '-' || spaced).then(|| "-".to_string())
            }
            '&' | '+' => {
                out.push(word("and", None, i..i + len));
                None
            }
            _ => None,
        };
        if let Some(p) = punct {
            // "..." and "--" are one mark.
            let mut end = i + len;
            while text[end..].starts_with(c) {
                end += len;
            }
            out.push(Token {
                norm: p.into(),
                alt: None,
                span: i..end,
                punct: true,
            });
            i = end;
            continue;
        }
        i += len;
    }
    fix_in_context(&mut out);
    out
}

/// "w/o" and "b/c" at the start of `rest`, as the word they stand for.
fn slashed(rest: &str) -> Option<&'static str> {
    let head = rest.get(..3)?;
    if rest[3..].starts_with(char::is_alphanumeric) {
        return None;
    }
    [("w/o", "without"), ("b/c", "because")]
        .into_iter()
        .find(|(short, _)| head.eq_ignore_ascii_case(short))
        .map(|(_, full)| full)
}

fn word(norm: &str, alt: Option<&'static str>, span: Range<usize>) -> Token {
    Token {
        norm: norm.into(),
        alt,
        span,
        punct: false,
    }
}

/// Folds one written word into one or more tokens.
fn push_word(out: &mut Vec<Token>, written: &str, span: Range<usize>) {
    let lower = shorten_runs(&written.to_lowercase());
    // Contractions with an apostrophe: the part before it, then what the ending means.
    if let Some((head, tail)) = lower.split_once('\'') {
        if let Some((first, second, alt)) = contraction(head, tail) {
            out.push(word(&spell(first), None, span.clone()));
            out.push(word(second, alt, span));
            return;
        }
    }
    let plain = lower.replace('\'', "");
    if let Some(words) = shorthand(&plain) {
        for (w, alt) in words {
            out.push(word(w, *alt, span.clone()));
        }
        return;
    }
    out.push(word(&spell(&plain), None, span));
}

/// A stretched word ("soooo", "pleeease", "sooorry") back to its plain spelling: a run of
/// three or more of one letter becomes one, or two for the few words spelled with two.
fn shorten_runs(word: &str) -> String {
    let runs = |keep: usize| {
        let mut out = String::with_capacity(word.len());
        let chars: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let mut j = i;
            while j < chars.len() && chars[j] == chars[i] {
                j += 1;
            }
            let n = if j - i >= 3 { keep } else { j - i };
            out.extend(std::iter::repeat_n(chars[i], n));
            i = j;
        }
        out
    };
    let single = runs(1);
    if single.len() == word.len() {
        return single;
    }
    let double = runs(2);
    if STRETCHED_DOUBLE.contains(&double.as_str()) {
        double
    } else {
        single
    }
}

/// Words spelled with a double letter that writers stretch ("toooo", "gooood").
const STRETCHED_DOUBLE: &[&str] = &[
    "too", "good", "soon", "feel", "need", "see", "all", "still", "well", "will", "miss", "kiss",
    "mess", "hell", "cool", "sorry", "really", "happy", "sleep", "agree", "free",
];

/// `head'tail` spelled out: the words and the second word's other reading.
fn contraction<'a>(
    head: &'a str,
    tail: &str,
) -> Option<(&'a str, &'static str, Option<&'static str>)> {
    Some(match tail {
        "t" => {
            let (first, _) = match head {
                "won" => return Some(("will", "not", None)),
                "can" => return Some(("can", "not", None)),
                "shan" => return Some(("shall", "not", None)),
                "ain" => return Some(("is", "not", Some("are"))),
                _ => (head.strip_suffix('n')?, ()),
            };
            (first, "not", None)
        }
        "m" => (head, "am", None),
        "re" => (head, "are", None),
        "ve" => (head, "have", None),
        "ll" => (head, "will", None),
        "d" => (head, "would", Some("had")),
        "s" if head == "let" => ("let", "us", None),
        "s" if PRONOUNS_IS.contains(&head) => (head, "is", Some("has")),
        "s" => (head, "'s", Some("is")),
        _ => return None,
    })
}

/// Words whose `'s` is "is" or "has", never a possessive.
const PRONOUNS_IS: &[&str] = &[
    "it",
    "that",
    "he",
    "she",
    "there",
    "here",
    "what",
    "who",
    "where",
    "how",
    "everything",
    "nothing",
    "something",
    "everyone",
    "someone",
    "nobody",
    "this",
    "why",
    "when",
];

type Words = &'static [(&'static str, Option<&'static str>)];

/// Words typed without their apostrophe, texting shorthand and run-together forms.
fn shorthand(w: &str) -> Option<Words> {
    Some(match w {
        "u" | "ya" | "yu" => &[("you", None)],
        "ur" | "yr" => &[("your", Some("you're"))],
        "ure" | "youre" => &[("you", None), ("are", None)],
        "r" => &[("are", None)],
        "y" => &[("why", None)],
        "im" => &[("i", None), ("am", None)],
        "ive" => &[("i", None), ("have", None)],
        "id" => &[("i", None), ("would", Some("had"))],
        "its" => &[("it", None), ("is", Some("has"))],
        "lets" => &[("let", None), ("us", None)],
        "ofc" => &[("of", None), ("course", None)],
        "no1" => &[("no", None), ("one", None)],
        "youd" => &[("you", None), ("would", Some("had"))],
        "youve" => &[("you", None), ("have", None)],
        "youll" => &[("you", None), ("will", None)],
        "theyre" => &[("they", None), ("are", None)],
        "theyve" => &[("they", None), ("have", None)],
        "weve" => &[("we", None), ("have", None)],
        "shes" => &[("she", None), ("is", Some("has"))],
        "hes" => &[("he", None), ("is", Some("has"))],
        "thats" => &[("that", None), ("is", Some("has"))],
        "whats" => &[("what", None), ("is", Some("has"))],
        "theres" => &[("there", None), ("is", Some("has"))],
        "dont" => &[("do", None), ("not", None)],
        "doesnt" => &[("does", None), ("not", None)],
        "didnt" | "didn" => &[("did", None), ("not", None)],
        "cant" | "cannot" => &[("can", None), ("not", None)],
        "couldnt" => &[("could", None), ("not", None)],
        "wont" => &[("will", None), ("not", None)],
        "wouldnt" | "wudnt" | "wouldn" => &[("would", None), ("not", None)],
        "shouldnt" => &[("should", None), ("not", None)],
        "isnt" => &[("is", None), ("not", None)],
        "arent" => &[("are", None), ("not", None)],
        "wasnt" => &[("was", None), ("not", None)],
        "werent" => &[("were", None), ("not", None)],
        "hasnt" => &[("has", None), ("not", None)],
        "havent" => &[("have", None), ("not", None)],
        "hadnt" => &[("had", None), ("not", None)],
        "aint" => &[("is", Some("are")), ("not", None)],
        "mustnt" => &[("must", None), ("not", None)],
        "wouldve" | "woulda" => &[("would", None), ("have", None)],
        "couldve" | "coulda" => &[("could", None), ("have", None)],
        "shouldve" | "shoulda" => &[("should", None), ("have", None)],
        "mustve" => &[("must", None), ("have", None)],
        "mightve" => &[("might", None), ("have", None)],
        "gonna" => &[("going", None), ("to", None)],
        "wanna" => &[("want", None), ("to", None)],
        "gotta" => &[("got", None), ("to", None)],
        "hafta" => &[("have", None), ("to", None)],
        "kinda" => &[("kind", None), ("of", None)],
        "sorta" => &[("sort", None), ("of", None)],
        "outta" => &[("out", None), ("of", None)],
        "lotta" => &[("lot", None), ("of", None)],
        "dunno" => &[("do", None), ("not", None), ("know", None)],
        "idk" => &[("i", None), ("do", None), ("not", None), ("know", None)],
        "lemme" => &[("let", None), ("me", None)],
        "gimme" => &[("give", None), ("me", None)],
        "tbh" => &[("to", None), ("be", None), ("honest", None)],
        "rn" => &[("right", None), ("now", None)],
        "alot" => &[("a", None), ("lot", None)],
        "n" | "nd" => &[("and", None)],
        _ => return None,
    })
}

/// One word's canonical spelling.
fn spell(w: &str) -> String {
    if let Some(fixed) = respelling(w) {
        return fixed.to_string();
    }
    // Dropped g: "nothin", "doin'" (the apostrophe is gone by now).
    if let Some(stem) = w.strip_suffix("in") {
        if G_DROPPED.contains(&stem) {
            return format!("{stem}ing");
        }
    }
    british_to_american(w).unwrap_or_else(|| w.to_string())
}

/// Stems whose "-in" is a dropped "-ing".
const G_DROPPED: &[&str] = &[
    "noth", "someth", "everyth", "anyth", "go", "do", "say", "talk", "think", "try", "feel", "be",
    "tell", "com", "lov", "miss", "mak", "tak", "hav", "gett", "wait", "sitt", "ask", "work",
    "drink", "ly", "cheat", "look", "walk", "leav", "kidd", "mess",
];

fn respelling(w: &str) -> Option<&'static str> {
    Some(match w {
        "coz" | "cos" | "cuz" | "bc" | "bcoz" | "bcuz" | "becuz" | "becos" | "becuase"
        | "becasue" | "bcause" => "because",
        "thru" => "through",
        "happend" | "happned" => "happened",
        "wat" | "wot" | "wht" => "what",
        "bcos" => "because",
        "becoz" => "because",
        "wen" => "when",
        "abt" | "bout" => "about",
        "sumthing" | "smth" => "something",
        "nuthing" => "nothing",
        "evrything" | "evrythin" | "everythin" => "everything",
        "every1" => "everyone",
        "some1" => "someone",
        "any1" => "anyone",
        "gud" => "good",
        "luv" => "love",
        "thx" | "thanx" => "thanks",

        "tho" | "tho'" => "though",
        "altho" => "although",
        "pls" | "plz" | "plse" | "pleas" => "please",
        "wud" | "wld" => "would",
        "cud" | "cld" => "could",
        "shud" | "shld" => "should",
        "sry" | "soz" | "sorri" | "sorrry" | "srry" => "sorry",
        "rly" | "realy" | "rlly" => "really",
        "srsly" => "seriously",
        "ppl" => "people",
        "nvr" => "never",
        "evr" => "ever",
        "b4" => "before",
        "msg" => "message",
        "msgs" => "messages",
        "txt" => "text",
        "txts" => "texts",
        "tmrw" | "tmr" | "tomoz" | "tommorow" | "tomorow" | "tommorrow" => "tomorrow",
        "tonite" => "tonight",
        "nite" => "night",
        "definately" | "defiantly" | "defo" | "def" => "definitely",
        "probs" | "prob" => "probably",
        "untill" => "until",
        "til" | "till" => "until",
        "truely" => "truly",
        "sincerly" => "sincerely",
        "beleive" => "believe",
        "freind" => "friend",
        "wierd" => "weird",
        "embarassed" => "embarrassed",
        "wich" => "which",
        "bf" => "boyfriend",
        "gf" => "girlfriend",
        "ok" | "okay" | "k" | "kk" => "okay",
        "mum" | "mom" => "mom",
        "whilst" => "while",
        "amongst" => "among",
        "learnt" => "learned",
        "spelt" => "spelled",
        "burnt" => "burned",
        "dreamt" => "dreamed",
        "spoilt" => "spoiled",
        "programme" => "program",
        "cheque" => "check",
        "arse" => "ass",
        "yeah" | "yea" | "yep" | "yup" => "yes",
        "soo" => "so",
        "noo" => "no",
        "nah" | "nope" => "no",
        "anyways" => "anyway",
        "appologize" | "apologise" | "appologise" => "apologize",
        _ => return None,
    })
}

/// British spellings of words that matter to rules, as American ones.
fn british_to_american(w: &str) -> Option<String> {
    const OUR: &[&str] = &[
        "behaviour",
        "colour",
        "honour",
        "favour",
        "neighbour",
        "humour",
        "rumour",
        "labour",
        "endeavour",
        "harbour",
        "savour",
        "valour",
        "rigour",
        "candour",
        "ardour",
    ];
    for stem in OUR {
        if let Some(rest) = w.strip_prefix(stem) {
            if ["", "s", "ed", "ing", "able", "ably", "al"].contains(&rest) {
                return Some(format!("{}or{rest}", &stem[..stem.len() - 3]));
            }
        }
    }
    const ISE: &[&str] = &[
        "apologis",
        "realis",
        "recognis",
        "criticis",
        "prioritis",
        "minimis",
        "sympathis",
        "organis",
        "patronis",
        "agonis",
        "trivialis",
        "rationalis",
        "fantasis",
        "normalis",
        "idealis",
        "memoris",
        "summaris",
        "emphasis",
        "jeopardis",
        "romanticis",
        "scrutinis",
        "antagonis",
        "victimis",
        "characteris",
        "categoris",
        "stabilis",
        "emotionalis",
        "demonis",
        "vandalis",
        "ostracis",
        "socialis",
        "finalis",
        "utilis",
    ];
    for stem in ISE {
        if let Some(rest) = w.strip_prefix(stem) {
            if ["e", "es", "ed", "ing", "ation", "ations"].contains(&rest) {
                return Some(format!("{}iz{rest}", &stem[..stem.len() - 2]));
            }
        }
    }
    const LL: &[&str] = &[
        "travell", "cancell", "counsell", "labell", "modell", "signall", "fuell", "channell",
        "quarrell", "marvell", "levell", "totall", "controll",
    ];
    for stem in LL {
        if let Some(rest) = w.strip_prefix(stem) {
            if ["ed", "ing", "er", "ers", "or", "ors"].contains(&rest) && *stem != "controll" {
                return Some(format!("{}{rest}", &stem[..stem.len() - 1]));
            }
        }
    }
    let fixed = match w {
        "practise" => "practice",
        "practised" => "practiced",
        "defence" => "defense",
        "offence" => "offense",
        "licence" => "license",
        "towards" => "toward",
        "afterwards" => "afterward",
        "grey" => "gray",
        "jewellery" => "jewelry",
        "judgement" => "judgment",
        "sceptical" => "skeptical",
        _ => return None,
    };
    Some(fixed.to_string())
}

/// Readings that depend on the neighbouring words: "would of" is "would have"; "ur"
/// followed by what describes a person ("ur so", "ur not", "ur being") is "you are".
fn fix_in_context(tokens: &mut Vec<Token>) {
    let mut i = 0;
    while i < tokens.len() {
        // "would of", and "wouldnt of" (the "not" between).
        let modal = |t: &Token| MODALS.contains(&&*t.norm);
        let after_modal = i > 0
            && (modal(&tokens[i - 1])
                || (i > 1 && &*tokens[i - 1].norm == "not" && modal(&tokens[i - 2])));
        if &*tokens[i].norm == "of" && after_modal {
            tokens[i].norm = "have".into();
        }
        // "ill be there", "ill never": "ill" before a verb is "I'll" typed without its
        // apostrophe; "I was ill" stays.
        if &*tokens[i].norm == "ill"
            && tokens
                .get(i + 1)
                .is_some_and(|t| ILL_I_WILL.contains(&&*t.norm))
        {
            let span = tokens[i].span.clone();
            tokens[i] = word("i", None, span.clone());
            tokens.insert(i + 1, word("will", None, span));
            i += 1;
        }
        if &*tokens[i].norm == "your" && tokens[i].alt == Some("you're") {
            let next = tokens.get(i + 1).map(|t| &*t.norm);
            let is_you_are = next.is_some_and(|n| {
                UR_YOU_ARE.contains(&n) || n.ends_with("ing") || n.ends_with("ed")
            });
            if is_you_are {
                let span = tokens[i].span.clone();
                tokens[i] = word("you", None, span.clone());
                tokens.insert(i + 1, word("are", None, span));
                i += 1;
            } else {
                tokens[i].alt = None;
            }
        }
        i += 1;
    }
}

const MODALS: &[&str] = &["would", "could", "should", "must", "might", "may"];

/// Words after "ill" that show it means "I will".
#[rustfmt::skip]
const ILL_I_WILL: &[&str] = &[
    "be", "never", "do", "go", "always", "try", "make", "get", "call", "text", "wait",
    "stop", "change", "give", "leave", "show", "pay", "come", "see", "tell", "take", "keep",
    "work", "just", "still", "not", "prove", "ever", "fix", "ring", "write", "move",
    "let", "find", "sort", "earn", "spend", "love", "miss", "kill", "end", "have", "start",
    "stay", "listen", "answer", "explain", "understand", "accept", "respect", "drop",
    "pick", "book", "bring", "buy", "cook", "sleep", "talk", "wait", "walk", "drive", "fly",
    "send", "put", "hold", "book", "tidy", "clean", "cancel", "quit", "tell", "sell",
    "delete", "block", "hurt", "die", "lose", "pack", "head", "pop", "swing", "grab",
];

/// Words after "ur" that show it means "you are".
const UR_YOU_ARE: &[&str] = &[
    "so",
    "not",
    "too",
    "the",
    "a",
    "an",
    "always",
    "never",
    "just",
    "really",
    "right",
    "wrong",
    "such",
    "still",
    "literally",
    "being",
    "overreacting",
    "acting",
    "making",
    "going",
    "gonna",
    "the",
    "my",
    "all",
    "everything",
    "better",
    "upset",
    "mad",
    "angry",
    "sad",
    "hurt",
    "happy",
    "free",
    "welcome",
    "only",
    "probably",
    "definitely",
    "honestly",
    "totally",
    "completely",
    "also",
    "even",
    "kind",
    "sort",
    "one",
    "way",
    "in",
    "on",
    "at",
    "here",
    "there",
    "done",
    "over",
    "ok",
    "okay",
    "fine",
    "jealous",
    "crazy",
    "insane",
    "overthinking",
    "busy",
    "ready",
    "sure",
    "allowed",
    "expected",
    "supposed",
];

#[cfg(test)]
mod tests {
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
}
