// The VS Code client of `cible lsp`: starts the server for .cible files with
// the settings cible.chemin, cible.mesures and cible.stdlib (see
// docs/editeurs.md). Everything else (diagnostics, hover, definitions,
// completion, formatting, outline, highlighting) comes from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("cible");
  const args = ["lsp"];
  const stdlib = config.get("stdlib");
  if (stdlib) args.push("--stdlib", stdlib);
  const server = { command: config.get("chemin") || "cible", args };
  client = new LanguageClient(
    "cible",
    "Cible",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "cible" }],
      initializationOptions: { mesures: config.get("mesures") || [] },
    }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
