use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// How a letter is written down, which decides what counts as the writer's own prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Plain text: quoted reply lines and a signature are masked.
    #[default]
    Plain,
    /// Markdown: code, block quotes, headings, HTML, link targets and front matter are masked.
    Markdown,
    /// An email message: the header block is masked, then the body is read as plain text.
    Email,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 3] = [Format::Plain, Format::Markdown, Format::Email];

    /// Picks the format from a file name: `.md`/`.markdown` is Markdown, `.eml` is email,
    /// anything else (including `.txt` and `.letter`) is plain text.
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown") => Format::Markdown,
            Some("eml") => Format::Email,
            _ => Format::Plain,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Markdown => "markdown",
            Format::Email => "email",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}`: expected plain, markdown or email")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "plain" | "text" | "txt" => Ok(Format::Plain),
            "markdown" | "md" => Ok(Format::Markdown),
            "email" | "eml" | "mail" => Ok(Format::Email),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::from_path(Path::new("a/b.MD")), Format::Markdown);
        assert_eq!(Format::from_path(Path::new("b.markdown")), Format::Markdown);
        assert_eq!(Format::from_path(Path::new("b.eml")), Format::Email);
        assert_eq!(Format::from_path(Path::new("b.letter")), Format::Plain);
        assert_eq!(Format::from_path(Path::new("README")), Format::Plain);
        assert_eq!("Mail".parse::<Format>(), Ok(Format::Email));
        assert!("pdf".parse::<Format>().is_err());
    }
}
