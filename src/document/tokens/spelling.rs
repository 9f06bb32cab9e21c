//! The word lists folding leans on: shorthand, misspellings, British spellings, and the
//! words around an ambiguous form that decide how it reads.

/// Words spelled with a double letter that writers stretch ("toooo", "gooood").
pub(super) const STRETCHED_DOUBLE: &[&str] = &[
    "too", "good", "soon", "feel", "need", "see", "all", "still", "well", "will", "miss", "kiss",
    "mess", "hell", "cool", "sorry", "really", "happy", "sleep", "agree", "free",
];

/// Words whose `'s` is "is" or "has", never a possessive.
pub(super) const PRONOUNS_IS: &[&str] = &[
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

pub(super) type Words = &'static [(&'static str, Option<&'static str>)];

/// Words typed without their apostrophe, texting shorthand and run-together forms.
pub(super) fn shorthand(w: &str) -> Option<Words> {
    Some(match w {
        "u" | "ya" | "yu" | "ye" | "yous" | "youse" | "thee" | "thou" => &[("you", None)],
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

/// Short stems whose "-in" is a dropped "-ing" ("doin", "bein", "seein"); a longer stem
/// ending in a consonant is taken as one unless the word is in [`ENDS_IN_IN`].
pub(super) const G_DROPPED: &[&str] = &[
    "go", "do", "say", "try", "be", "ly", "see", "lie", "die", "pay", "buy", "lay", "fly", "cry",
];

/// Words that end in "-in" of their own, not a dropped "-ing" ("begin", "cousin").
pub(super) const ENDS_IN_IN: &[&str] = &[
    "admin", "akin", "aspirin", "assassin", "basin", "begin", "bobbin", "bulletin", "bumpkin",
    "cabin", "catkin", "coffin", "cousin", "cumin", "dolphin", "gherkin", "goblin", "griffin",
    "heroin", "insulin", "javelin", "latin", "login", "mandolin", "margin", "moccasin", "muffin",
    "muslin", "napkin", "origin", "plugin", "puffin", "pumpkin", "raisin", "resin", "robin",
    "satin", "sequin", "toxin", "violin", "virgin", "vitamin", "within", "zeppelin", "kevin",
    "justin", "martin", "austin", "dublin", "berlin", "darwin", "franklin", "erin", "colin",
    "caitlin", "gavin", "calvin",
];

pub(super) fn respelling(w: &str) -> Option<&'static str> {
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
        "anwser" | "awnser" | "answr" | "asnwer" => "answer",
        "anwsered" | "awnsered" => "answered",
        "responce" => "response",
        "beacuse" => "because",
        "thier" => "their",
        "recieve" => "receive",
        "recieved" => "received",
        "seperate" => "separate",
        _ => return None,
    })
}

/// British spellings of words that matter to rules, as American ones.
pub(super) fn british_to_american(w: &str) -> Option<String> {
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

pub(super) const MODALS: &[&str] = &["would", "could", "should", "must", "might", "may"];

/// Words after "ill" that show it means "I will".
#[rustfmt::skip]
pub(super) const ILL_I_WILL: &[&str] = &[
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
pub(super) const UR_YOU_ARE: &[&str] = &[
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
