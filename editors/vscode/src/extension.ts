// The VS Code side of amends: starts `amends lsp` and hands it the `amends.*` settings.

import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type DocumentSelector,
  type ServerOptions,
} from "vscode-languageclient/node";

import { locateServer, type Located } from "./locate";
import { extensionsOf, languagesOf, toServerSettings, type ServerSettings } from "./settings";

const SECTION = "amends";
/** Settings that decide how the server is started or which documents it sees. */
const RESTART_ON = ["amends.server.path", "amends.languages", "amends.extensions"];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let context: vscode.ExtensionContext;
/** Starts and stops run one after the other, never interleaved. */
let queue: Promise<void> = Promise.resolve();

export function activate(ctx: vscode.ExtensionContext): Promise<void> {
  context = ctx;
  output = vscode.window.createOutputChannel("amends");
  ctx.subscriptions.push(
    output,
    vscode.commands.registerCommand("amends.restartServer", () => restart()),
    vscode.commands.registerCommand("amends.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  return restart();
}

export function deactivate(): Promise<void> {
  return serially(stop);
}

function serially(job: () => Promise<void>): Promise<void> {
  queue = queue.then(job, job);
  return queue;
}

function restart(): Promise<void> {
  return serially(async () => {
    await stop();
    await start();
  });
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) {
    return;
  }
  try {
    await running.dispose(2000);
  } catch (e) {
    output.appendLine(`amends: stopping the server failed: ${String(e)}`);
  }
}

async function start(): Promise<void> {
  const located = locate();
  if (!located.ok) {
    notFound(located);
    return;
  }
  output.appendLine(`amends: starting ${located.command} lsp (from ${located.from === "setting" ? "amends.server.path" : "PATH"})`);

  const initial = settingsFor(undefined);
  const serverOptions: ServerOptions = {
    command: located.command,
    args: ["lsp"],
    options: { cwd: firstFolder() },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector(initial),
    initializationOptions: initial,
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      workspace: {
        // The server asks for the `amends` section (per workspace folder): answer with
        // the mapped settings, never VS Code's raw configuration.
        configuration: async (params, token, next) => {
          const answers = params.items.map((item) =>
            item.section === SECTION
              ? settingsFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : undefined,
          );
          if (answers.every((a) => a !== undefined)) {
            return answers;
          }
          const others = await next(params, token);
          if (!Array.isArray(others)) {
            return others;
          }
          return answers.map((a, i) => a ?? others[i]);
        },
      },
    },
  };

  const created = new LanguageClient("amends", "amends", serverOptions, clientOptions);
  client = created;
  try {
    await created.start();
  } catch (e) {
    if (client === created) {
      client = undefined;
    }
    output.appendLine(`amends: the server did not start: ${String(e)}`);
    void created.dispose().catch(() => undefined);
    failed(`amends: \`${located.command} lsp\` did not start (${String(e)}).`);
  }
}

/** The server's settings for a scope (a document or workspace folder), or the workspace. */
function settingsFor(scope: vscode.Uri | undefined): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath) ?? firstFolder();
  return toServerSettings(config, { folder, home: os.homedir() });
}

/** The documents the client sends to the server: the same ones the server checks. */
function selector(settings: ServerSettings): DocumentSelector {
  const byLanguage = languagesOf(settings).flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]);
  const byExtension = extensionsOf(settings).map((ext) => ({
    scheme: "file",
    pattern: `**/*.${ext}`,
  }));
  return [...byLanguage, ...byExtension];
}

async function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!event.affectsConfiguration(SECTION)) {
    return;
  }
  if (RESTART_ON.some((key) => event.affectsConfiguration(key))) {
    await restart();
    return;
  }
  // `amends.trace.server` is the client's own business.
  const running = client;
  if (running === undefined || !running.isRunning()) {
    return;
  }
  // The server re-reads the `amends` section (through the middleware above) on this
  // notification; the settings travel with it for servers that would not ask.
  await running.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { [SECTION]: settingsFor(undefined) },
  });
}

function locate(): Located {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>("server.path");
  return locateServer({
    configured,
    folder: firstFolder(),
    home: os.homedir(),
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    isExecutable,
  });
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function firstFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
}

function notFound(located: Exclude<Located, { ok: true }>): void {
  const message =
    located.reason === "setting-missing"
      ? `amends: the program in the amends.server.path setting, ${located.tried}, was not found or cannot be run. ` +
        "Fix the setting, or clear it to use `amends` from PATH."
      : "amends: the `amends` program was not found on PATH, so there are no hints. " +
        "Install it (`cargo install --path .` in the amends repository) or set amends.server.path.";
  output.appendLine(message);
  failed(message);
}

/** An error notification with the way out: the install instructions or the setting. */
function failed(message: string): void {
  const install = "Install instructions";
  const settings = "Set amends.server.path";
  void vscode.window.showErrorMessage(message, install, settings).then(async (choice) => {
    if (choice === install) {
      await showInstallInstructions();
    } else if (choice === settings) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "amends.server.path");
    }
  });
}

/** The extension's own README ("Installing the server"), rendered. */
async function showInstallInstructions(): Promise<void> {
  // A .vsix holds it as `readme.md`; a development checkout as `README.md`.
  const name =
    fs.readdirSync(context.extensionPath).find((f) => f.toLowerCase() === "readme.md") ?? "README.md";
  const readme = vscode.Uri.joinPath(context.extensionUri, name);
  try {
    await vscode.commands.executeCommand("markdown.showPreview", readme);
  } catch {
    await vscode.window.showTextDocument(readme);
  }
}
