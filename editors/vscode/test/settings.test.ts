// The VS Code configuration as the server receives it.

import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";

import { resolvePack, SERVER_KEYS, toServerSettings, type ConfigurationLike } from "../src/settings";

/** A configuration as `getConfiguration("amends")` returns it: every key, with defaults. */
function config(values: Record<string, unknown>): ConfigurationLike {
  const defaults: Record<string, unknown> = {
    partner: "",
    rules: {},
    levels: {},
    allow: {},
    packs: [],
    languages: ["plaintext", "text", "markdown", "mail", "letter"],
    extensions: ["letter"],
    "server.path": "",
    "trace.server": "off",
  };
  const all = { ...defaults, ...values };
  return { get: (key) => all[key] };
}

const DEFAULT_SELECTION = {
  languages: ["plaintext", "text", "markdown", "mail", "letter"],
  extensions: ["letter"],
};

test("an untouched configuration sends only which documents to check", () => {
  assert.deepEqual(toServerSettings(config({})), DEFAULT_SELECTION);
});

test("a configuration with nothing at all sends nothing", () => {
  assert.deepEqual(toServerSettings({ get: () => undefined }), {});
});

test("every configuration key is mapped to the key of the same name", () => {
  const settings = toServerSettings(
    config({
      partner: "Sam",
      packs: ["/home/kit/my-rules"],
      levels: { hint: "off" },
      rules: { pathos: "off", pressure: "error" },
      allow: { "blame-shifting": ["you made me promise"] },
      languages: ["markdown"],
      extensions: ["draft"],
    }),
  );
  assert.deepEqual(settings, {
    partner: "Sam",
    packs: ["/home/kit/my-rules"],
    levels: { hint: "off" },
    rules: { pathos: "off", pressure: "error" },
    allow: { "blame-shifting": ["you made me promise"] },
    languages: ["markdown"],
    extensions: ["draft"],
  });
});

test("the extension's own settings are never sent", () => {
  const settings = toServerSettings(
    config({ "server.path": "/opt/amends", "trace.server": "verbose", server: { path: "/x" }, trace: { server: "verbose" } }),
  );
  assert.deepEqual(Object.keys(settings).sort(), ["extensions", "languages"]);
  for (const key of Object.keys(toServerSettings(config({ partner: "Sam", rules: { pathos: "off" } })))) {
    assert.ok((SERVER_KEYS as readonly string[]).includes(key), key);
  }
});

test("blank, empty and null values are left out, never sent as null", () => {
  const settings = toServerSettings(
    config({
      partner: "   ",
      packs: ["", "  "],
      levels: { hint: null, info: "" },
      rules: { pathos: null, pressure: "", excuse: {} , minimizing: { level: null } },
      allow: { "blame-shifting": [], pathos: [""], excuse: null },
      languages: undefined,
      extensions: undefined,
    }),
  );
  assert.deepEqual(settings, {});
  assert.ok(!JSON.stringify(settings).includes("null"));
});

test("strings are trimmed and blank entries dropped from lists", () => {
  const settings = toServerSettings(
    config({
      partner: "  Noor ",
      rules: { " pathos ": " off " },
      allow: { "blame-shifting": ["  you made me promise ", ""] },
      languages: ["markdown", " ", "plaintext"],
    }),
  );
  assert.equal(settings.partner, "Noor");
  assert.deepEqual(settings.rules, { pathos: "off" });
  assert.deepEqual(settings.allow, { "blame-shifting": ["you made me promise"] });
  assert.deepEqual(settings.languages, ["markdown", "plaintext"]);
});

test("a rule table from settings.json keeps its level and parameters, without nulls", () => {
  const settings = toServerSettings(
    config({
      rules: {
        "dwelling-on-details": { level: "error", "max-share": 0.5, window: null },
        "blame-shifting": { patterns: ["{you} caused (?:this|it)"], unless: [] },
      },
    }),
  );
  assert.deepEqual(settings.rules, {
    "dwelling-on-details": { level: "error", "max-share": 0.5 },
    "blame-shifting": { patterns: ["{you} caused (?:this|it)"], unless: [] },
  });
});

test("a value of the wrong type is passed on, so the server can say what is wrong", () => {
  const settings = toServerSettings(config({ rules: { pathos: 3 }, levels: { hint: false } }));
  assert.deepEqual(settings.rules, { pathos: 3 });
  assert.deepEqual(settings.levels, { hint: false });
});

test("a single allowed phrase written as a string is a list of one", () => {
  const settings = toServerSettings(config({ allow: { "blame-shifting": "you made me promise" } }));
  assert.deepEqual(settings.allow, { "blame-shifting": ["you made me promise"] });
});

test("an empty list of languages is sent: only files by extension are checked", () => {
  const settings = toServerSettings(config({ languages: [] }));
  assert.deepEqual(settings.languages, []);
});

test("extensions lose their dot and case", () => {
  const settings = toServerSettings(config({ extensions: [".Letter", "draft", "."] }));
  assert.deepEqual(settings.extensions, ["letter", "draft"]);
});

test("rule folders are resolved from the workspace folder and the home folder", () => {
  const folder = path.resolve("/work/drafts");
  const home = path.resolve("/home/kit");
  const settings = toServerSettings(
    config({ packs: ["./my-rules", "shared", "~/rules", "${workspaceFolder}/more", path.resolve("/opt/rules")] }),
    { folder, home },
  );
  assert.deepEqual(settings.packs, [
    path.join(folder, "my-rules"),
    path.join(folder, "shared"),
    path.join(home, "rules"),
    path.join(folder, "more"),
    path.resolve("/opt/rules"),
  ]);
  // Without a folder a relative path is left for the server.
  assert.equal(resolvePack("my-rules", {}), "my-rules");
});

test("the settings survive JSON, as they travel to the server", () => {
  const settings = toServerSettings(config({ partner: "Sam", rules: { pathos: "off" } }));
  assert.deepEqual(JSON.parse(JSON.stringify(settings)), settings);
});
