//! Sentence roles: each sentence of a document labelled with the first role of the
//! [`RoleModel`] whose patterns match it (the roles themselves are data, `rules::roles`).

use super::Gate;
use super::context::{Clauses, phrase_in};
use crate::document::Document;
use crate::rules::{Find, Role, RoleFinds, RoleModel};

/// The role of each sentence of `doc`: the first whose patterns match it. `gate` gives,
/// for each role group (by position), which of its patterns may match in a sentence (see
/// `engine::scan`).
pub(super) fn label<'a>(
    model: &RoleModel,
    doc: &Document,
    gate: impl Fn(usize) -> Gate<'a>,
) -> Vec<Role> {
    let groups: Vec<(Role, &RoleFinds)> = model.groups().collect();
    let gates: Vec<Gate> = (0..groups.len()).map(gate).collect();
    doc.sentences()
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let text = doc.sentence_lint(s);
            groups
                .iter()
                .zip(&gates)
                .find(|((_, role), gate)| {
                    let candidates = gate.sentence(index);
                    role.finds.iter().enumerate().any(|(i, find)| {
                        if !candidates.is_none_or(|c| c.allows(i)) {
                            return false;
                        }
                        let spans = match find {
                            Find::Regex(p) => p.regex.get().map_or_else(Vec::new, |r| {
                                r.find_iter(text).map(|m| m.range()).collect()
                            }),
                            Find::Phrase(p) => gate.phrase_spans(p, doc.sentence_words(index)),
                        };
                        // As for a rule with `unless-scope = "before"`: an exception rules
                        // out what follows it in the sentence, so a long run-on sentence
                        // can explain first and excuse later.
                        if spans.is_empty() {
                            return false;
                        }
                        let clauses = Clauses::of(text);
                        spans.into_iter().any(|span| {
                            let upto = clauses.around(span).end;
                            !phrase_in(&role.except, &text[..upto])
                        })
                    })
                })
                .map_or(Role::Other, |((role, _), _)| *role)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use crate::rules::Context;

    /// Each role's examples play that role, and each phrase of a role labels one of them:
    /// a phrase nothing needs is dead weight a reader has to puzzle over.
    #[test]
    fn role_examples_play_their_role_and_use_every_phrase() {
        let model = RoleModel::new(&Context::default()).unwrap();
        let mut problems = Vec::new();
        for (role, finds) in model.groups() {
            for example in finds.examples.iter() {
                let doc = Document::new(example, Format::Plain);
                let got = label(&model, &doc, |_| Gate::OPEN);
                if got != [role] {
                    problems.push(format!("{}: {example:?} is labelled {got:?}", role.name()));
                }
            }
            for find in &finds.finds {
                if let Find::Phrase(p) = find {
                    if !finds.examples.iter().any(|e| p.is_match(e)) {
                        problems.push(format!("{}: no example for {}", role.name(), p.as_str()));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_feeling_explains_unless_an_excuse_or_a_blame_frames_it() {
        let model = RoleModel::new(&Context::default()).unwrap();
        let doc = Document::new(
            "i think i drink coz when im sober i feel like im not good enough for u. \
             I only did it because things had gone so cold between us, and I was lonely. \
             You made me feel so small. \
             I kept thinking it was the loneliness, like I've felt for ages that I don't matter, \
             and then I said it was only because you never listened.",
            Format::Plain,
        );
        assert_eq!(
            label(&model, &doc, |_| Gate::OPEN),
            [Role::Explains, Role::Other, Role::Other, Role::Explains]
        );
    }

    #[test]
    fn a_time_in_a_plan_an_offer_or_a_deadline_is_no_retelling() {
        let model = RoleModel::new(&Context::default()).unwrap();
        let doc = Document::new(
            "Let's meet at the cafe at noon. I could come round at about eight, if that suits you. \
             u have til midnight then im deleting u. Please reply by 9pm. \
             I got home at 2am. I will never forget that I got home at 3am that night.",
            Format::Plain,
        );
        let roles = label(&model, &doc, |_| Gate::OPEN);
        assert!(!roles[..4].contains(&Role::Retells), "{roles:?}");
        assert_eq!(roles[4..], [Role::Retells, Role::Retells]);
    }

    #[test]
    fn each_sentence_gets_the_part_it_plays() {
        let model = RoleModel::new(&Context::default()).unwrap();
        let doc = Document::new(
            "I'm sorry I lied to you. I think I was looking for someone to make me feel interesting. \
             At 11:40 I walked out to the car park with him. I have started seeing a counsellor every week. \
             Why haven't you answered me? The weather was grey. There is no hurry; whenever you're ready, I'll be here.",
            Format::Plain,
        );
        assert_eq!(
            label(&model, &doc, |_| Gate::OPEN),
            [
                Role::Apologises,
                Role::Explains,
                Role::Retells,
                Role::Amends,
                Role::Asks,
                Role::Other,
                Role::Closes
            ]
        );
    }
}
