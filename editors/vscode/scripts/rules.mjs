// Writes the built-in rules into package.json (`amends.rules` and `amends.allow`
// properties, with each rule's message as its description), from the real binary:
//
//   npm run rules                     # update package.json
//   npm run rules -- --check          # exit 1 if package.json is out of date
//
// The binary is $AMENDS_BIN, else ../../target/release/amends, else ../../target/debug/amends.

import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "..");
const packagePath = path.join(root, "package.json");

export function binary() {
  const candidates = [
    process.env.AMENDS_BIN,
    path.join(root, "../../target/release/amends"),
    path.join(root, "../../target/debug/amends"),
  ].filter((c) => c);
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new Error(`no amends binary: tried ${candidates.join(", ")} (build it with \`cargo build\`)`);
  }
  return found;
}

/** The built-in rules as `{ id, level, message }`, read from `amends rules` and `amends explain`. */
export async function builtinRules(bin) {
  // In an empty folder, without the user's config, so only built-in levels show.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "amends-rules-"));
  const run = async (...args) => (await promisify(execFile)(bin, args, { cwd, encoding: "utf8" })).stdout;
  try {
    const listed = execFileSync(bin, ["rules", "--no-user-config"], { cwd, encoding: "utf8" })
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter(([id, , , origin]) => id !== "" && origin === "built-in");
    return await Promise.all(
      listed.map(async ([id, level]) => {
        // `explain`: "id (level, kind rule)", a blank line, then the message.
        const message = (await run("explain", id)).split("\n")[2].trim();
        return { id, level, message };
      }),
    );
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

const STATES = ["off", "on", "error", "warning", "info", "hint"];

/** package.json with the rules' properties replaced. */
export function withRules(pkg, rules) {
  const props = pkg.contributes.configuration.properties;
  const ruleProps = {};
  const allowProps = {};
  for (const { id, level, message } of rules) {
    ruleProps[id] = {
      type: "string",
      enum: STATES,
      enumDescriptions: props["amends.rules"].additionalProperties.enumDescriptions,
      markdownDescription: `${message} (\`${level}\` by default; \`amends explain ${id}\` tells more.)`,
    };
    allowProps[id] = {
      type: "array",
      items: { type: "string" },
      uniqueItems: true,
      markdownDescription: `Phrases \`${id}\` leaves alone.`,
    };
  }
  props["amends.rules"].properties = ruleProps;
  props["amends.allow"].properties = allowProps;
  return pkg;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const before = fs.readFileSync(packagePath, "utf8");
  const after = JSON.stringify(withRules(JSON.parse(before), await builtinRules(binary())), null, 2) + "\n";
  if (process.argv.includes("--check")) {
    if (before !== after) {
      console.error("package.json does not list the built-in rules as the binary has them: run `npm run rules`");
      process.exit(1);
    }
    console.log("package.json lists the built-in rules");
  } else if (before !== after) {
    fs.writeFileSync(packagePath, after);
    console.log("package.json updated");
  } else {
    console.log("package.json already up to date");
  }
}
