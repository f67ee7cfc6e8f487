// Starts `vastc lsp` for .vast files through vscode-languageclient.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("vast").get("server.path") || "vastc";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient("vast", "vast language server", server, {
    documentSelector: [
      { scheme: "file", language: "vast" },
      { scheme: "untitled", language: "vast" },
    ],
  });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
