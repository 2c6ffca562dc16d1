// Drives `replykit lsp` the way VS Code does with the shipped extension
// (examples/editors/vscode/replykit-lsp), over the protocol libraries VS Code's language
// client (vscode-languageclient 9.0.1) is built on: vscode-languageserver-protocol 3.17.5
// and vscode-jsonrpc 8.2.0. VS Code itself cannot run here; see tests/test_lsp_vscode.py.
//
//   node client.mjs session WORKSPACE REPLY   one editing session; prints one JSON object
//   node client.mjs capabilities              the capabilities vscode-languageclient
//                                             computes (what initialize.json must hold)
//
// Both run the shipped extension.js (its activate(), with a stand-in for VS Code's
// `vscode` module) to get the LanguageClient it makes: its server command, options and
// capabilities. REPLYKIT_VSCODE_SETTINGS is the user's settings.json (a JSON object, e.g.
// {"replykit.grammar": "off"}); the command "replykit" (replykit.path's default) runs as
// `$REPLYKIT_PYTHON -m replykit` when REPLYKIT_PYTHON is set. Exits 1 on any protocol
// error, 2 on the 20 s timeout; the JSON is printed either way.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const extensionDir = join(repo, "examples", "editors", "vscode", "replykit-lsp");

// ---------------------------------------------------------------------- the extension

// What VS Code holds for the `replykit` section: every property the extension
// contributes, at its default unless settings.json sets it.
function replykitSection(userSettings) {
  const manifest = JSON.parse(readFileSync(join(extensionDir, "package.json"), "utf8"));
  const section = {};
  for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
    section[key.slice("replykit.".length)] = schema.default === undefined ? null : schema.default;
  }
  for (const [key, value] of Object.entries(userSettings)) {
    if (key.startsWith("replykit.")) section[key.slice("replykit.".length)] = value;
  }
  return section;
}

// vscode.workspace.getConfiguration(section).get(key) over those settings.
function getConfiguration(userSettings, section) {
  const whole = { replykit: replykitSection(userSettings) };
  let scope = whole;
  for (const part of section ? section.split(".") : []) scope = scope?.[part];
  return {
    get: (key, fallback) => {
      let value = scope;
      for (const part of key.split(".")) value = value?.[part];
      return value === undefined ? fallback : structuredClone(value);
    },
    has: (key) => key.split(".").reduce((value, part) => value?.[part], scope) !== undefined,
  };
}

// The extension and vscode-languageclient need VS Code's `vscode` module: a stand-in
// with the settings above; everything else they touch before start() is any object.
function stubVscode(userSettings) {
  const Module = require("node:module");
  const handler = {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (prop === "then") return undefined;
      if (prop === Symbol.toPrimitive) return () => "vscode-stub";
      return anything();
    },
    apply: () => anything(),
    construct: () => anything(),
  };
  const anything = () => new Proxy(function () {}, handler);
  const workspace = new Proxy(
    {
      getConfiguration: (section) => getConfiguration(userSettings, section),
      createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
      workspaceFolders: undefined,
    },
    handler,
  );
  const stub = new Proxy(
    { version: "1.82.0", env: { appName: "Visual Studio Code", language: "en" }, workspace },
    handler,
  );
  // extension.js's own folder has no node_modules: its client comes from here.
  const ours = Object.fromEntries(
    ["vscode-languageclient", "vscode-languageclient/node"].map((name) => [
      name,
      require.resolve(name),
    ]),
  );
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === "vscode") return "vscode";
    return ours[request] ?? resolveFilename.call(this, request, ...rest);
  };
  require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: stub };
}

// The shipped extension.js activated (VS Code opened a plain-text file): the real
// LanguageClient it makes, stopped short of start(), which would spawn the server.
function activateExtension(userSettings) {
  stubVscode(userSettings);
  const { LanguageClient } = require("vscode-languageclient/node");
  let made = null;
  LanguageClient.prototype.start = function () {
    made = this;
    return Promise.resolve();
  };
  const subscriptions = [];
  require(join(extensionDir, "extension.js")).activate({ subscriptions });
  if (made === null || !subscriptions.includes(made)) throw new Error("extension.js: no client");
  const options = made.clientOptions;
  const init = options.initializationOptions;
  return {
    client: made,
    serverOptions: made._serverOptions,
    initializationOptions: JSON.parse(
      JSON.stringify(typeof init === "function" ? init() : init) ?? "null",
    ),
    configurationSection: options.synchronize.configurationSection,
    fileEvents: options.synchronize.fileEvents?.glob,
    documentSelector: options.documentSelector,
  };
}

// ConfigurationFeature.getConfiguration: VS Code's answer for one workspace/configuration
// item (null for what it does not have).
function configurationAnswer(userSettings, section) {
  if (!section) return null; // the whole configuration: nothing the server asks for
  const index = section.lastIndexOf(".");
  const value =
    index === -1
      ? getConfiguration(userSettings).get(section)
      : getConfiguration(userSettings, section.slice(0, index)).get(section.slice(index + 1));
  return value === undefined ? null : value;
}

function computedCapabilities() {
  const { client } = activateExtension({});
  return JSON.parse(JSON.stringify(client.computeClientCapabilities()));
}

// ---------------------------------------------------------------------- session

function newResult() {
  return {
    initializeResult: null,
    notifications: [], // every notification from the server, in order: {method, params}
    serverRequests: [], // every request from the server: {method, params, answer}
    diagnostics: null, // the first publishDiagnostics for the opened reply
    diagnosticsAfterTyping: null,
    codeActions: null,
    codeActionsOnSave: null,
    completionAtTrigger: null, // after typing ";" (trigger character)
    completion: null, // invoked after ";ref"
    hover: null,
    cancelledHover: null, // {result} or {error}
    hoverAfterTyping: null,
    protocolErrors: [],
    log: [],
    exitCode: null,
    signal: null,
    stderr: "",
  };
}

let server = null; // the server's process, killed on a timeout

async function session(workspace, replyPath, out) {
  const protocol = require("vscode-languageserver-protocol/node");
  const { createProtocolConnection, StreamMessageReader, StreamMessageWriter, ResponseError } =
    protocol;
  const userSettings = JSON.parse(process.env.REPLYKIT_VSCODE_SETTINGS || "{}");
  const extension = activateExtension(userSettings);
  const { client: _, ...shown } = extension;
  out.extension = shown;
  const { command: program, args = [] } = extension.serverOptions;
  const python = process.env.REPLYKIT_PYTHON;
  const command =
    program === "replykit" && python ? [python, "-m", "replykit", ...args] : [program, ...args];
  const fail = (message) => out.protocolErrors.push(String(message));

  const proc = spawn(command[0], command.slice(1), {
    cwd: workspace,
    stdio: ["pipe", "pipe", "pipe"],
  });
  server = proc;
  const exited = new Promise((resolveExit) => {
    proc.on("exit", (code, signal) => {
      out.exitCode = code;
      out.signal = signal;
      resolveExit();
    });
  });
  proc.on("error", (error) => fail(`spawn: ${error.message}`));
  proc.stderr.on("data", (chunk) => (out.stderr += chunk.toString("utf8")));

  const logger = {
    error: (message) => fail(`jsonrpc: ${message}`),
    warn: (message) => fail(`jsonrpc warning: ${message}`),
    info: (message) => out.log.push(message),
    log: (message) => out.log.push(message),
  };
  const reader = new StreamMessageReader(proc.stdout);
  const writer = new StreamMessageWriter(proc.stdin);
  reader.onError((error) => fail(`reader: ${error.message || error}`));
  writer.onError(([error]) => fail(`writer: ${error?.message || error}`));
  const connection = createProtocolConnection(reader, writer, logger);
  connection.onError(([error]) => fail(`connection: ${error?.message || error}`));
  let shuttingDown = false;
  connection.onClose(() => {
    if (!shuttingDown) fail("connection closed before shutdown");
  });

  // Waiters for notifications.
  const waiters = [];
  const notified = (method, params) => {
    out.notifications.push({ method, params });
    for (const waiter of [...waiters]) {
      if (waiter.method === method && waiter.match(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  };
  const waitFor = (method, match = () => true) => {
    const seen = out.notifications.find((n) => n.method === method && match(n.params));
    if (seen) return Promise.resolve(seen.params);
    return new Promise((resolveWait) => waiters.push({ method, match, resolve: resolveWait }));
  };
  const waitForNext = (method, match = () => true) =>
    new Promise((resolveWait) => waiters.push({ method, match, resolve: resolveWait }));

  for (const method of [
    "textDocument/publishDiagnostics",
    "window/showMessage",
    "window/logMessage",
    "telemetry/event",
    "$/logTrace",
    "$/progress",
  ]) {
    connection.onNotification(method, (params) => notified(method, params));
  }
  connection.onUnhandledNotification((message) => notified(message.method, message.params));

  // Requests from the server, answered as vscode-languageclient answers them.
  const answered = (method, answer) => (params) => {
    const result = answer(params);
    out.serverRequests.push({ method, params, answer: result });
    return result;
  };
  // What VS Code answers to each request a server may send it.
  const answers = {
    "workspace/configuration": (params) =>
      params.items.map((item) => configurationAnswer(userSettings, item.section)),
    "client/registerCapability": () => null,
    "client/unregisterCapability": () => null,
    "window/workDoneProgress/create": () => null,
    "window/showMessageRequest": () => null,
    "workspace/applyEdit": () => ({ applied: true }),
  };
  for (const [method, answer] of Object.entries(answers)) {
    connection.onRequest(method, answered(method, answer));
  }
  connection.onRequest((method, params) => {
    out.serverRequests.push({ method, params, answer: "MethodNotFound" });
    fail(`unexpected request from the server: ${method}`);
    throw new ResponseError(-32601, `Unhandled method ${method}`);
  });
  connection.listen();

  const request = async (method, params) => {
    try {
      return await connection.sendRequest(method, params);
    } catch (error) {
      fail(`${method}: ${error.code ?? ""} ${error.message}`);
      return null;
    }
  };

  // initialize: the capabilities vscode-languageclient 9.0.1 sends (initialize.json), the
  // workspace folder, and extension.js's initializationOptions.
  const template = JSON.parse(readFileSync(join(here, "initialize.json"), "utf8"));
  const folderUri = pathToFileURL(workspace).href;
  const initParams = {
    ...template,
    processId: process.pid,
    rootPath: workspace,
    rootUri: folderUri,
    initializationOptions: extension.initializationOptions ?? undefined,
    workspaceFolders: [{ uri: folderUri, name: basename(workspace) }],
  };
  const result = await request("initialize", initParams);
  out.initializeResult = result;
  const encoding = result?.capabilities?.positionEncoding;
  if (encoding !== undefined && encoding !== "utf-16") {
    // vscode-languageclient throws exactly this and stops the server.
    fail(`Unsupported position encoding (${encoding}) received from server replykit`);
  }
  await connection.sendNotification("initialized", {});

  // The reply is open (it activated the extension): didOpen, then the configuration
  // section pushed by synchronize.configurationSection, in vscode-languageclient's order.
  const uri = pathToFileURL(replyPath).href;
  const text = readFileSync(replyPath, "utf8");
  const selected = extension.documentSelector.some(
    (filter) => filter.scheme === "file" && filter.language === "plaintext",
  );
  if (!selected) fail("extension.js does not select plain-text files");
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "plaintext", version: 1, text },
  });
  const section = extension.configurationSection;
  if (section !== undefined) {
    // SyncConfigurationFeature.extractSettingsInformation for one top-level section.
    const settings = { [section]: getConfiguration(userSettings).get(section) ?? null };
    await connection.sendNotification("workspace/didChangeConfiguration", { settings });
  }
  const published = await waitFor("textDocument/publishDiagnostics", (p) => p.uri === uri);
  out.diagnostics = published;

  // Hover on the emoji (line 4, after "Café crème ").
  const lines = text.split("\n");
  const emojiLine = lines.findIndex((line) => line.includes("😀"));
  const emojiAt = lines[emojiLine].indexOf("😀"); // JS strings count UTF-16 code units
  out.hover = await request("textDocument/hover", {
    textDocument: { uri },
    position: { line: emojiLine, character: emojiAt },
  });

  // The mouse moves on before the answer: VS Code cancels the hover ($/cancelRequest)
  // and takes either the answer or a RequestCancelled error.
  const source = new protocol.CancellationTokenSource();
  const pending = connection.sendRequest(
    "textDocument/hover",
    { textDocument: { uri }, position: { line: emojiLine, character: emojiAt } },
    source.token,
  );
  source.cancel();
  try {
    out.cancelledHover = { result: await pending };
  } catch (error) {
    out.cancelledHover = { error: { code: error.code, message: error.message } };
  }

  // Code actions on the "!!" range (Ctrl+. with it selected): VS Code passes the
  // diagnostics it shows that overlap the range, as received.
  const bangAt = lines[emojiLine].indexOf("!!");
  const bangRange = {
    start: { line: emojiLine, character: bangAt },
    end: { line: emojiLine, character: bangAt + 2 },
  };
  const overlapping = published.diagnostics.filter(
    (d) =>
      d.range.start.line <= emojiLine &&
      d.range.end.line >= emojiLine &&
      d.range.start.character <= bangAt + 2 &&
      d.range.end.character >= bangAt,
  );
  out.codeActions = await request("textDocument/codeAction", {
    textDocument: { uri },
    range: bangRange,
    context: { diagnostics: overlapping, triggerKind: 1 },
  });

  // Saving with "editor.codeActionsOnSave": {"source.fixAll": "explicit"}: the whole
  // document, only source.fixAll, triggered automatically.
  out.codeActionsOnSave = await request("textDocument/codeAction", {
    textDocument: { uri },
    range: {
      start: { line: 0, character: 0 },
      end: { line: lines.length - 1, character: lines[lines.length - 1].length },
    },
    context: { diagnostics: published.diagnostics, only: ["source.fixAll"], triggerKind: 2 },
  });

  // Type ";ref" on the empty line after it, one key at a time: one incremental
  // didChange per key (with rangeLength, as VS Code's converter writes it).
  const typeLine = emojiLine + 1;
  if (lines[typeLine] !== "") fail(`line ${typeLine} is not empty`);
  let version = 1;
  const type = async (character, key) => {
    version += 1;
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: {
            start: { line: typeLine, character },
            end: { line: typeLine, character },
          },
          rangeLength: 0,
          text: key,
        },
      ],
    });
  };
  await type(0, ";");
  // ";" is a trigger character: VS Code asks at once.
  out.completionAtTrigger = await request("textDocument/completion", {
    textDocument: { uri },
    position: { line: typeLine, character: 1 },
    context: { triggerKind: 2, triggerCharacter: ";" },
  });
  const settled = waitForNext(
    "textDocument/publishDiagnostics",
    (p) => p.uri === uri && p.version === 5,
  );
  await type(1, "r");
  await type(2, "e");
  await type(3, "f");
  // Ctrl+Space after ";ref".
  out.completion = await request("textDocument/completion", {
    textDocument: { uri },
    position: { line: typeLine, character: 4 },
    context: { triggerKind: 1 },
  });
  out.diagnosticsAfterTyping = await settled;
  // The mouse on the emoji's right half: VS Code asks at the position after it.
  out.hoverAfterTyping = await request("textDocument/hover", {
    textDocument: { uri },
    position: { line: emojiLine, character: emojiAt + 2 },
  });

  // client.stop(): shutdown, exit, then the process ends on its own.
  shuttingDown = true;
  await request("shutdown", undefined);
  await connection.sendNotification("exit");
  await exited;
  connection.dispose();
  return out;
}

// ---------------------------------------------------------------------- main

const [mode, ...args] = process.argv.slice(2);
if (mode === "capabilities") {
  process.stdout.write(JSON.stringify(computedCapabilities(), null, 2) + "\n");
} else if (mode === "session" && args.length === 2) {
  const out = newResult();
  const timer = setTimeout(() => {
    out.protocolErrors.push("timeout: the session did not finish within 20 s");
    server?.kill("SIGKILL");
    process.stdout.write(JSON.stringify({ timeout: true, ...out }) + "\n");
    process.exit(2);
  }, 20000);
  session(resolve(args[0]), resolve(args[1]), out)
    .then(() => {
      clearTimeout(timer);
      process.stdout.write(JSON.stringify(out) + "\n");
      process.exit(out.protocolErrors.length ? 1 : 0);
    })
    .catch((error) => {
      clearTimeout(timer);
      server?.kill("SIGKILL");
      out.protocolErrors.push(`client crashed: ${error?.stack || error}`);
      process.stdout.write(JSON.stringify({ crashed: true, ...out }) + "\n");
      process.exit(1);
    });
} else {
  process.stderr.write("usage: node client.mjs session WORKSPACE REPLY | capabilities\n");
  process.exit(64);
}
