// A minimal VS Code client for `replykit lsp`: starts the server for plain-text files and
// passes the replykit.* settings: as initializationOptions, so the first lint already uses
// them (and "grammar": "off" never loads Harper), then as VS Code's answer to the server's
// workspace/configuration and on every change.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("replykit");
  const command = settings.get("path") || "replykit";
  client = new LanguageClient(
    "replykit",
    "replykit",
    { command, args: ["lsp"] },
    {
      initializationOptions: () => vscode.workspace.getConfiguration().get("replykit"),
      documentSelector: [
        { scheme: "file", language: "plaintext" },
        { scheme: "untitled", language: "plaintext" },
      ],
      synchronize: {
        configurationSection: "replykit",
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{replykit.toml,*.toml,*.json}"),
      },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
