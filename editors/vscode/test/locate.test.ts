// Finding the `amends` program.

import assert from "node:assert/strict";
import { test } from "node:test";

import { locateServer, type LocateInput } from "../src/locate";

function input(files: string[], extra: Partial<LocateInput> = {}): LocateInput {
  const set = new Set(files);
  return { platform: "linux", pathEnv: "/usr/local/bin:/home/kit/.cargo/bin", isExecutable: (f) => set.has(f), ...extra };
}

test("amends on PATH is used when the setting is empty", () => {
  assert.deepEqual(locateServer(input(["/home/kit/.cargo/bin/amends"], { configured: "  " })), {
    ok: true,
    command: "/home/kit/.cargo/bin/amends",
    from: "path",
  });
});

test("the setting wins over PATH", () => {
  assert.deepEqual(
    locateServer(input(["/home/kit/.cargo/bin/amends", "/opt/amends/amends"], { configured: "/opt/amends/amends" })),
    { ok: true, command: "/opt/amends/amends", from: "setting" },
  );
});

test("a setting that points nowhere is reported, not silently replaced by PATH", () => {
  assert.deepEqual(locateServer(input(["/home/kit/.cargo/bin/amends"], { configured: "/opt/nothing/amends" })), {
    ok: false,
    reason: "setting-missing",
    tried: "/opt/nothing/amends",
  });
});

test("nothing anywhere", () => {
  assert.deepEqual(locateServer(input([])), { ok: false, reason: "not-on-path" });
  assert.deepEqual(locateServer(input([], { pathEnv: undefined })), { ok: false, reason: "not-on-path" });
});

test("~, ${workspaceFolder} and relative paths in the setting", () => {
  const files = ["/home/kit/bin/amends", "/work/drafts/target/release/amends"];
  const base = { home: "/home/kit", folder: "/work/drafts" };
  const found = (configured: string) => {
    const r = locateServer(input(files, { ...base, configured }));
    return r.ok ? r.command : r;
  };
  assert.equal(found("~/bin/amends"), "/home/kit/bin/amends");
  assert.equal(found("${workspaceFolder}/target/release/amends"), "/work/drafts/target/release/amends");
  assert.equal(found("target/release/amends"), "/work/drafts/target/release/amends");
});

test("a bare name in the setting is looked up on PATH", () => {
  const r = locateServer(input(["/usr/local/bin/amends-dev"], { configured: "amends-dev" }));
  assert.deepEqual(r, { ok: true, command: "/usr/local/bin/amends-dev", from: "setting" });
});

test("Windows: PATHEXT and ; separated PATH", () => {
  const r = locateServer(
    input(["C:\\Users\\kit\\.cargo\\bin\\amends.exe"], {
      platform: "win32",
      pathEnv: "C:\\Windows;\"C:\\Users\\kit\\.cargo\\bin\"",
    }),
  );
  assert.deepEqual(r, { ok: true, command: "C:\\Users\\kit\\.cargo\\bin\\amends.exe", from: "path" });
  const configured = locateServer(
    input(["C:\\tools\\amends.exe"], { platform: "win32", configured: "C:\\tools\\amends" }),
  );
  assert.deepEqual(configured, { ok: true, command: "C:\\tools\\amends.exe", from: "setting" });
});
