"""The editor files against the scanner (issue 13, item 2): every keyword of
grammar/lexer.l, and its accented spelling, is a keyword for the Vim syntax
(editors/vim/syntax/cible.vim) and for the VS Code TextMate grammar
(editors/vscode/syntaxes/cible.tmLanguage.json); the grammar's patterns
compile, and on every line of examples/ and stdlib/ a keyword the scanner
reads is inside a keyword match, a number outside a string is a constant,
and no string runs past its line. The TextMate regexes are checked with
Python's re (Oniguruma's syntax for what they use); the full vscode-textmate
tokenizer is not run here.

usage: python3 tests/i13_editors.py   (from the repository's root)"""
import glob
import json
import re
import sys
import unicodedata

fails = []
lex = open("grammar/lexer.l", encoding="utf-8").read()
start = lex.find("static const struct kw keywords[]")
kws = re.findall(r'\{"([a-z_]+)",', lex[start:lex.find("};", start)])
if len(kws) < 50:
    fails.append(f"{len(kws)} mots-clés lus dans lexer.l")
accented = {"bareme": "barème", "donnee": "donnée", "definir": "définir", "periode": "période",
            "demarrage": "démarrage", "precedent": "précédent", "resiliation": "résiliation",
            "retroactif": "rétroactif", "agregation": "agrégation", "neutralise": "neutralisé",
            "delai_demarrage": "délai_démarrage", "retire": "retiré"}

tm = json.load(open("editors/vscode/syntaxes/cible.tmLanguage.json", encoding="utf-8"))
def py(rx):
    """An Oniguruma pattern of this grammar as a Python one."""
    flags = 0
    if rx.startswith("(?i)"):
        rx, flags = rx[4:], re.I
    return re.compile(rx.replace("\\u00a0", "\u00a0").replace("\\u202f", "\u202f"), flags)
kw = py(tm["repository"]["keyword"]["match"])
numbers = [py(p["match"]) for p in tm["repository"]["number"]["patterns"]]
vim = open("editors/vim/syntax/cible.vim", encoding="utf-8").read()
m = re.search(r'syntax match cibleKeyword "\\v<\((.*)\)>"', vim)
if not m:
    fails.append("cible.vim : pas de motif de mots-clés")
vim_kw = re.compile("^(?:" + m.group(1) + ")$", re.I) if m else None
for k in kws:
    for spelling in {k, accented.get(k, k), k.upper()}:
        if not kw.fullmatch(spelling):
            fails.append(f"TextMate : « {spelling} » n'est pas un mot-clé")
        if vim_kw and not vim_kw.match(spelling):
            fails.append(f"Vim : « {spelling} » n'est pas un mot-clé")
for bad in ("indicateurs", "xcontrat", "contrat2"):
    if kw.fullmatch(bad):
        fails.append(f"TextMate : « {bad} » pris pour un mot-clé")

def fold(w):
    return "".join(c for c in unicodedata.normalize("NFD", w.lower())
                   if not unicodedata.combining(c))

kwset = set(kws)
lines = 0
for path in sorted(glob.glob("examples/*.cible") + glob.glob("stdlib/**/*.cible", recursive=True)):
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        lines += 1
        code = line.split("#", 1)[0] if '"' not in line else line
        # strings close on their line
        if line.split("#", 1)[0].count('"') % 2:
            fails.append(f"{path}:{n}: guillemet non refermé")
        bare = re.sub(r'"[^"]*"', '""', code.split("#", 1)[0])
        spans = [m.span() for m in kw.finditer(bare)]
        for w in re.finditer(r"[^\W\d][\w]*", bare):
            if fold(w.group()) in kwset and not any(a <= w.start() and w.end() <= b for a, b in spans):
                fails.append(f"{path}:{n}: « {w.group()} » n'est pas vu comme mot-clé")
        for num in re.finditer(r"(?<![\w])\d+(?:,\d+)?(?![\w])", bare):
            if not any(p.search(bare, num.start()) and p.search(bare, num.start()).start() <= num.start()
                       for p in numbers):
                fails.append(f"{path}:{n}: nombre « {num.group()} » sans portée")
for f in fails[:40]:
    print(f)
print(f"{len(kws)} mots-clés, {lines} lignes lues, {len(fails)} échec(s)", file=sys.stderr)
sys.exit(1 if fails else 0)
