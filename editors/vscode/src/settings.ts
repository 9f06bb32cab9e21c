// The VS Code `amends.*` settings as the server wants them: the keys of `.amends.toml`
// (`partner`, `packs`, `levels`, `rules`, `allow`) plus `languages` and `extensions`.
//
// Pure: no `vscode` import, so it runs under `node --test`. The server treats an
// unknown key as an error it shows to the writer, so only these keys are ever sent, and
// a key that is unset or empty is left out rather than sent as null.

import * as path from "node:path";

/** What `vscode.workspace.getConfiguration("amends")` offers (and a test can fake). */
export interface ConfigurationLike {
  get(key: string): unknown;
}

/**
 * A rule set by name: a state such as `"off"`, or (written in settings.json) a table such
 * as `{ "level": "error", "max-share": 0.5 }`. A value of another type is passed on as it
 * is, for the server to report.
 */
export type RuleSetting = unknown;

/** The object sent as `initializationOptions` and as the `amends` section. */
export interface ServerSettings {
  partner?: string;
  packs?: string[];
  levels?: Record<string, unknown>;
  rules?: Record<string, RuleSetting>;
  allow?: Record<string, string[]>;
  languages?: string[];
  extensions?: string[];
}

/** Where relative paths in the settings are resolved. */
export interface Context {
  /** The workspace folder the settings apply to; relative `packs` are resolved in it. */
  folder?: string;
  /** The user's home folder, for `~/` in `packs`. */
  home?: string;
}

/** The keys the server reads, in the order they are sent. */
export const SERVER_KEYS = [
  "partner",
  "packs",
  "levels",
  "rules",
  "allow",
  "languages",
  "extensions",
] as const;

/** What a rule or a level may be set to. */
export const STATES = ["off", "on", "error", "warning", "info", "hint"] as const;
/** The levels, which are also the keys of `levels`. */
export const LEVELS = ["error", "warning", "info", "hint"] as const;

/** The documents the server checks when `amends.languages` is not set. */
export const DEFAULT_LANGUAGES = ["plaintext", "text", "markdown", "mail", "letter"];
/** The file extensions the server checks whatever their language, by default. */
export const DEFAULT_EXTENSIONS = ["letter"];

/**
 * Maps the `amends` configuration to the server's settings object. Blank strings, empty
 * lists and tables, and entries set to null are dropped; `server` and `trace` (the
 * extension's own settings) are never sent.
 */
export function toServerSettings(config: ConfigurationLike, context: Context = {}): ServerSettings {
  const out: ServerSettings = {};

  const partner = text(config.get("partner"));
  if (partner !== undefined) {
    out.partner = partner;
  }

  const packs = strings(config.get("packs"))?.map((p) => resolvePack(p, context));
  if (packs !== undefined && packs.length > 0) {
    out.packs = packs;
  }

  const levels = table(config.get("levels"), setting);
  if (levels !== undefined) {
    out.levels = levels;
  }

  const rules = table(config.get("rules"), setting);
  if (rules !== undefined) {
    out.rules = rules;
  }

  const allow = table(config.get("allow"), (v) => {
    // A single phrase is taken as a list of one.
    const list = typeof v === "string" ? strings([v]) : strings(v);
    return list !== undefined && list.length > 0 ? list : undefined;
  });
  if (allow !== undefined) {
    out.allow = allow;
  }

  // An empty list is meaningful here ("no language", "no extension"), so it is sent.
  const languages = strings(config.get("languages"));
  if (languages !== undefined) {
    out.languages = languages;
  }
  const extensions = strings(config.get("extensions"))?.map(normalizeExtension);
  if (extensions !== undefined) {
    out.extensions = extensions.filter((e) => e !== "");
  }

  return out;
}

/** The languages a client should send to the server, after the settings. */
export function languagesOf(settings: ServerSettings): string[] {
  return settings.languages ?? DEFAULT_LANGUAGES;
}

/** The file extensions (without a dot) the server checks, after the settings. */
export function extensionsOf(settings: ServerSettings): string[] {
  return settings.extensions ?? DEFAULT_EXTENSIONS;
}

/** `.Letter` and `letter` are the same extension to the server. */
export function normalizeExtension(extension: string): string {
  return extension.trim().replace(/^\.+/, "").toLowerCase();
}

/** A trimmed, non-empty string, or undefined. */
function text(value: unknown): string | undefined {
  if (typeof value !== "string") {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** The non-blank strings of a list (trimmed), or undefined when it is not a list. */
function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  return value.map(text).filter((s): s is string => s !== undefined);
}

/**
 * The entries of an object whose value `convert` keeps, or undefined when none is left.
 * Keys are trimmed; blank keys are dropped.
 */
function table<T>(value: unknown, convert: (v: unknown) => T | undefined): Record<string, T> | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const out: Record<string, T> = {};
  for (const [rawKey, raw] of Object.entries(value)) {
    const key = rawKey.trim();
    const converted = key === "" ? undefined : convert(raw);
    if (converted !== undefined) {
      out[key] = converted;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A state (`"off"`) trimmed, a table without its nulls; blank strings, nulls and empty
 * tables are unset. Anything else (a number, a list) is passed on for the server to
 * report, rather than silently ignored.
 */
function setting(value: unknown): RuleSetting | undefined {
  if (typeof value === "string") {
    return text(value);
  }
  if (isObject(value)) {
    return withoutNulls(value);
  }
  return value === null || value === undefined ? undefined : value;
}

/** A copy of a table without null entries (at any depth), or undefined when empty. */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) {
      continue;
    }
    if (isObject(v)) {
      const inner = withoutNulls(v);
      if (inner !== undefined) {
        out[key] = inner;
      }
    } else if (Array.isArray(v)) {
      out[key] = v.filter((x) => x !== null && x !== undefined);
    } else {
      out[key] = v;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A rule folder as the server should read it: `~/` is the home folder and
 * `${workspaceFolder}` the settings' folder; a relative path is taken from that folder
 * (the server would otherwise read it from its own working directory).
 */
export function resolvePack(pack: string, context: Context): string {
  let p = pack;
  if (context.folder !== undefined) {
    p = p.replace(/\$\{workspaceFolder\}/g, context.folder);
  }
  if (context.home !== undefined && (p === "~" || p.startsWith("~/") || p.startsWith("~\\"))) {
    p = path.join(context.home, p.slice(1));
  }
  if (!path.isAbsolute(p) && context.folder !== undefined) {
    p = path.join(context.folder, p);
  }
  return p;
}
