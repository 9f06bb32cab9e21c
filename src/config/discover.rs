//! Finding and reading configuration files and rule folders: the only configuration code
//! that touches the file system.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Config, Layer, Origin, PackFile};
use crate::{FileError, Linter};

/// The project configuration file's name.
pub const PROJECT_FILE: &str = ".amends.toml";

/// What the command line (or the editor) says about where configuration comes from.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Read the writer's own `config.toml` (`--no-user-config` turns this off).
    pub user_config: bool,
    /// A file given with `--config`, applied above the project's.
    pub config_file: Option<PathBuf>,
    /// `--rule ID=LEVEL` flags, in order.
    pub rules: Vec<(String, String)>,
    /// `--pack DIR` flags.
    pub packs: Vec<PathBuf>,
}

/// `$XDG_CONFIG_HOME/amends/config.toml`, else `~/.config/amends/config.toml`.
pub fn user_config_path() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(".config"))
    })?;
    Some(base.join("amends").join("config.toml"))
}

/// The nearest `.amends.toml` in the folder of `target` or any folder above it.
pub fn project_config_path(target: &Path) -> Option<PathBuf> {
    let start = if target.is_dir() {
        target
    } else {
        target.parent().unwrap_or(Path::new("."))
    };
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let absolute = std::path::absolute(start).ok()?;
    absolute
        .ancestors()
        .map(|dir| dir.join(PROJECT_FILE))
        .find(|p| p.is_file())
}

/// Text an editor holds for a configuration file that is newer than the file on disk
/// (an edit the writer asked for, not yet saved); `None` reads the disk.
pub type Unsaved<'a> = &'a dyn Fn(&Path) -> Option<String>;

fn on_disk(_: &Path) -> Option<String> {
    None
}

fn read_layer(origin: Origin, unsaved: Unsaved, errors: &mut Vec<FileError>) -> Option<Layer> {
    let path = origin.path()?.to_path_buf();
    let text = unsaved(&path).map_or_else(|| fs::read_to_string(&path), Ok);
    match text {
        Ok(text) => match Layer::parse(origin, &text) {
            Ok(layer) => Some(layer),
            Err(e) => {
                errors.push(e);
                None
            }
        },
        Err(e) => {
            errors.push(FileError::whole_file(
                &path.display().to_string(),
                format!("cannot read this configuration file: {e}"),
            ));
            None
        }
    }
}

/// The layers that apply to `target` (a file, or a folder such as the current one for
/// standard input). A layer that cannot be read or parsed is reported and left out.
pub fn config_for(target: &Path, opts: &Options) -> (Config, Vec<FileError>) {
    config_with(target, opts, None, &on_disk)
}

/// [`config_for`] with the editor's settings as a layer above the project's, and
/// configuration files read through `unsaved`.
pub fn config_with(
    target: &Path,
    opts: &Options,
    editor: Option<Layer>,
    unsaved: Unsaved,
) -> (Config, Vec<FileError>) {
    let mut errors = Vec::new();
    let mut layers = Vec::new();
    if opts.user_config {
        if let Some(path) = user_config_path().filter(|p| p.is_file()) {
            layers.extend(read_layer(Origin::User(path), unsaved, &mut errors));
        }
    }
    if let Some(path) = project_config_path(target) {
        layers.extend(read_layer(Origin::Project(path), unsaved, &mut errors));
    }
    layers.extend(editor);
    if let Some(path) = &opts.config_file {
        layers.extend(read_layer(
            Origin::ConfigFlag(path.clone()),
            unsaved,
            &mut errors,
        ));
    }
    if !opts.rules.is_empty() || !opts.packs.is_empty() {
        layers.push(Layer::from_flags(&opts.rules, &opts.packs));
    }
    tracing::debug!(layers = layers.len(), "configuration layers found");
    (Config { layers }, errors)
}

/// Reads every `*.toml` file of each folder (sorted by name) as rule files.
pub fn read_packs(dirs: &[PathBuf]) -> (Vec<PackFile>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for dir in dirs {
        let label = dir.display().to_string();
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                errors.push(FileError::whole_file(
                    &label,
                    format!("cannot read this rule folder: {e}"),
                ));
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            errors.push(FileError::whole_file(
                &label,
                "this rule folder holds no .toml rule files",
            ));
        }
        for path in paths {
            let origin = path.display().to_string();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            match fs::read_to_string(&path) {
                Ok(text) => files.push(PackFile { origin, name, text }),
                Err(e) => errors.push(FileError::whole_file(
                    &origin,
                    format!("cannot read this rule file: {e}"),
                )),
            }
        }
    }
    (files, errors)
}

/// Reads rule files named one by one or by their folder, as `amends test-rules` takes
/// them: a folder gives each `*.toml` inside it (sorted by name), a file is read whatever
/// its name ends with.
pub fn read_rule_paths(paths: &[PathBuf]) -> (Vec<PackFile>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let label = path.display().to_string();
        if path.is_dir() {
            let (more, problems) = read_packs(std::slice::from_ref(path));
            files.extend(more);
            errors.extend(problems);
        } else if !path.exists() {
            errors.push(FileError::whole_file(
                &label,
                "there is no such file or folder",
            ));
        } else {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            match fs::read_to_string(path) {
                Ok(text) => files.push(PackFile {
                    origin: label,
                    name,
                    text,
                }),
                Err(e) => errors.push(FileError::whole_file(
                    &label,
                    format!("cannot read this rule file: {e}"),
                )),
            }
        }
    }
    (files, errors)
}

/// Everything for checking `target`: its configuration and the linter built from it.
pub fn load(target: &Path, opts: &Options) -> (Config, Linter, Vec<FileError>) {
    build(config_for(target, opts))
}

/// The linter for a configuration found by [`config_for`] or [`config_with`], reading
/// the rule folders it names. The errors are sorted by file, then position.
pub fn build((config, mut errors): (Config, Vec<FileError>)) -> (Config, Linter, Vec<FileError>) {
    let (files, more) = read_packs(&config.pack_dirs());
    errors.extend(more);
    let (linter, more) = config.build(&files);
    errors.extend(more);
    FileError::sort(&mut errors);
    (config, linter, errors)
}
