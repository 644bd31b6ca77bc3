// Tokenises every contract of examples/ and stdlib/ with VS Code's own
// TextMate engine (vscode-textmate over vscode-oniguruma) and the grammar
// of editors/vscode, and checks what a coordinator sees: each keyword the
// scanner reads (grammar/lexer.l, matched without accents or case) has a
// keyword scope, each number outside a string and a comment a constant
// scope, and no string scope runs on to the next line. Run by
// tests/textmate_check.sh from the repository's root.
const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = process.cwd();
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
const lexer = fs.readFileSync(path.join(root, "grammar/lexer.l"), "utf8");
const table = lexer.slice(lexer.indexOf("static const struct kw keywords[]"));
const keywords = new Set([...table.slice(0, table.indexOf("};")).matchAll(/\{"([a-z_]+)",/g)].map((m) => m[1]));
const fold = (w) => w.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".cible") ? [path.join(dir, e.name)] : []);
}

(async () => {
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () =>
      vsctm.parseRawGrammar(
        fs.readFileSync(path.join(root, "editors/vscode/syntaxes/cible.tmLanguage.json"), "utf8"),
        "cible.tmLanguage.json"),
  });
  const grammar = await registry.loadGrammar("source.cible");
  const fails = [];
  let lines = 0, kwSeen = 0, numSeen = 0;
  for (const f of [...files("examples"), ...files("stdlib")].sort()) {
    let state = vsctm.INITIAL;
    fs.readFileSync(f, "utf8").split("\n").forEach((line, i) => {
      lines++;
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      for (const t of r.tokens) {
        const text = line.slice(t.startIndex, t.endIndex);
        const scopes = t.scopes.join(" ");
        if (/string|comment/.test(scopes)) continue;
        for (const m of text.matchAll(/[\p{L}_][\p{L}\p{N}_]*/gu)) {
          // `inf` (in +inf) is scoped as the constant it is
          if (keywords.has(fold(m[0])) && !/keyword|constant\.language/.test(scopes)) {
            // a word that is a keyword is a keyword wherever the scanner meets it
            fails.push(`${f}:${i + 1}: « ${m[0]} » sans portée de mot-clé (${scopes})`);
          } else if (keywords.has(fold(m[0]))) kwSeen++;
        }
        if (/\d/.test(text) && !/constant/.test(scopes) && /^[\d\s,.+-]+$/.test(text.trim()) && text.trim()) {
          fails.push(`${f}:${i + 1}: nombre « ${text} » sans portée de constante (${scopes})`);
        } else if (/\d/.test(text) && /constant\.numeric/.test(scopes)) numSeen++;
      }
      if (state.toString && /string/.test(JSON.stringify(r.tokens[r.tokens.length - 1]?.scopes ?? [])) &&
          line.split('"').length % 2 === 0)
        fails.push(`${f}:${i + 1}: libellé non refermé`);
    });
  }
  for (const k of keywords) {
    const r = grammar.tokenizeLine(k, vsctm.INITIAL);
    if (r.tokens.length !== 1 || !/keyword|constant\.language/.test(r.tokens[0].scopes.join(" ")))
      fails.push(`mot-clé « ${k} » seul sur sa ligne : ${JSON.stringify(r.tokens.map((t) => t.scopes))}`);
  }
  fails.slice(0, 40).forEach((x) => console.log(x));
  console.error(`${keywords.size} mots-clés, ${lines} lignes, ${kwSeen} mots-clés et ${numSeen} nombres colorés, ${fails.length} échec(s)`);
  process.exit(fails.length ? 1 : 0);
})().catch((e) => { console.log(String(e)); process.exit(1); });
