//! Sentence roles: the part each sentence plays in a letter (apologising, explaining,
//! retelling, closing…). Defined as data in `roles.toml`; the engine labels sentences with
//! them (`engine::roles`), and rules refer to them by name (`roles = ["explains"]`), which compiles the
//! role's patterns into the rule. One definition serves the rules, the outline and the
//! report's picture of a letter's balance.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::phrase::Phrase;
use super::{Context, FileError, Find, PatternCompiler};
use crate::suggest::did_you_mean;

const ROLES_TOML: &str = include_str!("roles.toml");
const ORIGIN: &str = "built-in:roles.toml";

/// The part a sentence plays. `Other` is every sentence no role's patterns match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Closes,
    Asks,
    Apologises,
    Explains,
    Amends,
    Retells,
    Other,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Closes,
        Role::Asks,
        Role::Apologises,
        Role::Explains,
        Role::Amends,
        Role::Retells,
        Role::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Closes => "closes",
            Role::Asks => "asks",
            Role::Apologises => "apologises",
            Role::Explains => "explains",
            Role::Amends => "amends",
            Role::Retells => "retells",
            Role::Other => "other",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    roles: Vec<RoleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleSpec {
    name: Spanned<String>,
    #[allow(dead_code, reason = "documents the role in the data file")]
    about: String,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    /// Phrases (the rule files' syntax), for what is easier said over words and classes.
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    /// A sentence any of these phrases matches never plays the role, whatever else it says
    /// ("I was lonely" explains; "I only did it because you went cold and I was lonely"
    /// excuses).
    #[serde(default)]
    except: Vec<Spanned<String>>,
    /// Sentences that play the role; each phrase must label one (`engine::roles` tests).
    #[serde(default)]
    examples: Vec<String>,
}

/// The roles file, parsed once. Every role but `other` must appear in it, once.
fn specs() -> Result<&'static [RoleSpec], FileError> {
    static SPECS: OnceLock<Result<RolesFile, FileError>> = OnceLock::new();
    let parsed = SPECS.get_or_init(|| {
        let file: RolesFile = toml::from_str(ROLES_TOML).map_err(|e| {
            FileError::at(
                ORIGIN,
                ROLES_TOML,
                e.span().map_or(0, |s| s.start),
                e.message().trim(),
            )
        })?;
        for role in Role::ALL.iter().filter(|r| **r != Role::Other) {
            let count = file
                .roles
                .iter()
                .filter(|s| s.name.get_ref() == role.name())
                .count();
            if count != 1 {
                return Err(FileError::whole_file(
                    ORIGIN,
                    format!(
                        "role `{}` must be defined once, not {count} times",
                        role.name()
                    ),
                ));
            }
        }
        if let Some(extra) = file
            .roles
            .iter()
            .find(|s| !Role::ALL.iter().any(|r| r.name() == s.name.get_ref()))
        {
            return Err(FileError::at(
                ORIGIN,
                ROLES_TOML,
                extra.name.span().start,
                format!("unknown role `{}`", extra.name.get_ref()),
            ));
        }
        Ok(file)
    });
    parsed
        .as_ref()
        .map(|f| f.roles.as_slice())
        .map_err(Clone::clone)
}

/// One role, compiled: what makes a sentence play it, and what rules that out.
#[derive(Debug, Clone)]
pub struct RoleFinds {
    pub finds: Vec<Find>,
    pub except: Vec<Arc<Phrase>>,
    /// Sentences written to play the role, for tests.
    pub examples: Arc<[String]>,
}

/// The compiled patterns, phrases and exceptions of the role called `name`; `Err` says
/// why there are none.
pub fn role_finds(name: &str, cx: &Context) -> Result<RoleFinds, String> {
    let model = RoleModel::new(cx).map_err(|e| e.to_string())?;
    if let Some((_, finds)) = model.roles.iter().find(|(role, _)| role.name() == name) {
        return Ok(finds.clone());
    }
    let names = model.roles.iter().map(|(role, _)| role.name());
    Err(format!(
        "unknown role `{name}`{}",
        did_you_mean(name, names)
    ))
}

/// Every role's patterns and phrases, in priority order, ready to label sentences.
#[derive(Debug, Clone, Default)]
pub struct RoleModel {
    roles: Vec<(Role, RoleFinds)>,
}

impl RoleModel {
    /// The roles compiled for `cx`. Compiling them is a large part of start-up, and both
    /// the rules that name a role and the labeller need them, so each context's model is
    /// compiled once per process and shared (regexes clone cheaply).
    pub fn new(cx: &Context) -> Result<RoleModel, FileError> {
        /// Contexts differ only by the partner's name; a few are kept.
        const KEPT: usize = 8;
        static COMPILED: Mutex<Vec<(Context, RoleModel)>> = Mutex::new(Vec::new());
        let mut compiled = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, model)) = compiled.iter().find(|(c, _)| c == cx) {
            return Ok(model.clone());
        }
        let pc = PatternCompiler {
            origin: ORIGIN,
            source: ROLES_TOML,
            cx,
        };
        let mut roles = Vec::new();
        for spec in specs()? {
            let role = Role::ALL
                .into_iter()
                .find(|r| r.name() == spec.name.get_ref())
                .unwrap_or(Role::Other);
            let mut finds: Vec<Find> = pc
                .patterns(&spec.patterns, true)?
                .into_iter()
                .map(Find::Regex)
                .collect();
            for phrase in &spec.phrases {
                finds.push(Find::Phrase(pc.phrase(phrase)?));
            }
            let except = spec
                .except
                .iter()
                .map(|p| pc.phrase(p))
                .collect::<Result<_, _>>()?;
            roles.push((
                role,
                RoleFinds {
                    finds,
                    except,
                    examples: spec.examples.as_slice().into(),
                },
            ));
        }
        let model = RoleModel { roles };
        if compiled.len() >= KEPT {
            compiled.remove(0);
        }
        compiled.push((cx.clone(), model.clone()));
        Ok(model)
    }

    /// The role groups in priority order, each with its patterns, phrases and exceptions.
    pub fn groups(&self) -> impl Iterator<Item = (Role, &RoleFinds)> {
        self.roles.iter().map(|(role, finds)| (*role, finds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_roles_are_named_with_a_suggestion() {
        assert_eq!(
            role_finds("explain", &Context::default()).unwrap_err(),
            "unknown role `explain` (did you mean `explains`?)"
        );
    }
}
