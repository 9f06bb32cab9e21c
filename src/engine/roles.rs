//! Sentence roles: each sentence of a document labelled with the first role of the
//! [`RoleModel`] whose patterns match it (the roles themselves are data, `rules::roles`).

use super::Gate;
use crate::document::Document;
use crate::rules::{Role, RoleModel};

/// The role of each sentence of `doc`: the first whose patterns match it. `gate` gives,
/// for each role group (by position), which of its patterns may match in a sentence (see
/// `engine::scan`).
pub(super) fn label<'a>(
    model: &RoleModel,
    doc: &Document,
    gate: impl Fn(usize) -> Gate<'a>,
) -> Vec<Role> {
    let groups: Vec<(Role, &[crate::rules::Pattern])> = model.groups().collect();
    let gates: Vec<Gate> = (0..groups.len()).map(gate).collect();
    doc.sentences()
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let text = doc.sentence_lint(s);
            groups
                .iter()
                .zip(&gates)
                .find(|((_, patterns), gate)| {
                    let candidates = gate.sentence(index);
                    patterns.iter().enumerate().any(|(i, p)| {
                        candidates.is_none_or(|c| c.allows(i)) && p.regex.is_match(text)
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
