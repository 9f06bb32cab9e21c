// Finding the `amends` program: the `amends.server.path` setting, else `amends` on PATH.
// Pure apart from the file-system check it is given, so it runs under `node --test`.

import * as path from "node:path";

export interface LocateInput {
  /** `amends.server.path`, as set (may be blank). */
  configured?: string;
  /** The workspace folder a relative `amends.server.path` is taken from. */
  folder?: string;
  /** The user's home folder, for `~/`. */
  home?: string;
  /** The PATH environment variable. */
  pathEnv?: string;
  /** `process.platform`. */
  platform: NodeJS.Platform;
  /** PATHEXT on Windows (default `.EXE;.CMD;.BAT;.COM`). */
  pathExt?: string;
  /** Whether a file exists and can be run. */
  isExecutable: (file: string) => boolean;
}

export type Located =
  | { ok: true; command: string; from: "setting" | "path" }
  | { ok: false; reason: "setting-missing"; tried: string }
  | { ok: false; reason: "not-on-path" };

export function locateServer(input: LocateInput): Located {
  const configured = input.configured?.trim();
  if (configured) {
    const file = expand(configured, input);
    if (input.isExecutable(file)) {
      return { ok: true, command: file, from: "setting" };
    }
    // `amends.exe` for a setting written without the extension, on Windows.
    if (input.platform === "win32" && path.win32.extname(file) === "" && input.isExecutable(`${file}.exe`)) {
      return { ok: true, command: `${file}.exe`, from: "setting" };
    }
    return { ok: false, reason: "setting-missing", tried: file };
  }
  const found = onPath("amends", input);
  return found === undefined ? { ok: false, reason: "not-on-path" } : { ok: true, command: found, from: "path" };
}

/** `~/bin/amends`, `${workspaceFolder}/target/release/amends`, or relative to the folder. */
function expand(file: string, input: LocateInput): string {
  const p = input.platform === "win32" ? path.win32 : path.posix;
  let f = file;
  if (input.folder !== undefined) {
    f = f.replace(/\$\{workspaceFolder\}/g, input.folder);
  }
  if (input.home !== undefined && (f === "~" || f.startsWith("~/") || f.startsWith("~\\"))) {
    f = p.join(input.home, f.slice(1));
  }
  if (!p.isAbsolute(f) && input.folder !== undefined && /[\\/]/.test(f)) {
    f = p.join(input.folder, f);
  }
  if (!p.isAbsolute(f) && !/[\\/]/.test(f)) {
    // A bare name (`amends-dev`) is looked up on PATH, as a shell would.
    return onPath(f, input) ?? f;
  }
  return f;
}

/** The first runnable `name` in the folders of PATH. */
export function onPath(name: string, input: LocateInput): string | undefined {
  const windows = input.platform === "win32";
  const p = windows ? path.win32 : path.posix;
  const dirs = (input.pathEnv ?? "").split(windows ? ";" : ":").filter((d) => d !== "");
  const exts = windows
    ? [...(input.pathExt ?? ".EXE;.CMD;.BAT;.COM").split(";").filter((e) => e !== "").map((e) => e.toLowerCase()), ""]
    : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = p.join(dir.replace(/^"(.*)"$/, "$1"), name + ext);
      if (input.isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
