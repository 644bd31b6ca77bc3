"""Checks `--diagnostics json` and `--diagnostics sarif` against the GNU text
form of the same run (issue 13, item 3): the same codes, severities, lines
and messages, columns counted in characters, notes kept; the documents are
valid JSON with the fields docs/diagnostics-json.md gives.

usage: python3 tests/i13_diagnostics.py CIBLE FILE [ARGS…]
Prints one line per failed check; exit 1 if any."""
import json
import re
import subprocess
import sys

cible, args = sys.argv[1], sys.argv[2:]
text = subprocess.run([cible] + args, capture_output=True, text=True)
docj = subprocess.run([cible] + args + ["--diagnostics", "json"], capture_output=True, text=True)
docs = subprocess.run([cible] + args + ["--diagnostics", "sarif"], capture_output=True, text=True)
fails = []

def check(cond, what):
    if not cond:
        fails.append(what)

check(text.returncode == docj.returncode == docs.returncode,
      f"statuts différents : {text.returncode} {docj.returncode} {docs.returncode}")
check(text.stdout == docj.stdout == docs.stdout, "la sortie standard change avec --diagnostics")
# the GNU lines: file:line:col: sev[CODE]: message, then notes
gnu = []
for line in text.stderr.splitlines():
    m = re.match(r"^(.*?):(\d+):(\d+): (erreur|attention)\[(\w+)\]: (.*)$", line)
    if m:
        gnu.append({"fichier": m[1], "ligne": int(m[2]), "colonne": int(m[3]),
                    "gravite": m[4], "code": m[5], "message": m[6], "notes": []})
        continue
    m = re.match(r"^(.*?):(\d+):(\d+): note: (.*)$", line)
    if m and gnu:
        gnu[-1]["notes"].append({"ligne": int(m[2]), "message": m[4]})
def document(run, what):
    """The JSON document run wrote on stderr, or exit 1 saying why."""
    try:
        return json.loads(run.stderr)
    except ValueError as e:
        print(f"{what} illisible : {e}: {run.stderr[:300]}")
        sys.exit(1)

j = document(docj, "JSON")
check(j.get("format") == "cible-diagnostics/1", "format")
ds = j.get("diagnostics", [])
check(len(ds) == len(gnu), f"{len(ds)} diagnostics en JSON, {len(gnu)} en texte")
check(j.get("erreurs") == sum(d["gravite"] == "erreur" for d in ds), "compte des erreurs")
check(j.get("avertissements") == sum(d["gravite"] == "attention" for d in ds), "compte des avertissements")
for d, g in zip(ds, gnu):
    for k in ("fichier", "ligne", "gravite", "code", "message"):
        check(d.get(k) == g[k], f"{g['code']} : {k} {d.get(k)!r} au lieu de {g[k]!r}")
    # columns in characters, as the text form counts them (not bytes)
    check(d.get("colonne") == g["colonne"],
          f"{g['code']} : colonne {d.get('colonne')} au lieu de {g['colonne']}")
    check(d.get("fin_ligne", 0) >= d["ligne"], f"{g['code']} : fin_ligne")
    check([n["message"] for n in d.get("notes", [])] == [n["message"] for n in g["notes"]],
          f"{g['code']} : notes")
s = document(docs, "SARIF")
check(s.get("version") == "2.1.0", "version SARIF")
run = s["runs"][0]
check(run["tool"]["driver"]["name"] == "cible", "tool.driver.name")
check(run.get("columnKind") == "unicodeCodePoints", "columnKind")
rs = run["results"]
check(len(rs) == len(ds), f"{len(rs)} résultats SARIF, {len(ds)} diagnostics")
rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
for r, d in zip(rs, ds):
    check(r["ruleId"] == d["code"], f"ruleId {r['ruleId']} au lieu de {d['code']}")
    check(r["ruleId"] in rules, f"règle {r['ruleId']} absente de tool.driver.rules")
    check(r["level"] == ("error" if d["gravite"] == "erreur" else "warning"), "level")
    check(r["message"]["text"] == d["message"], "message")
    reg = r["locations"][0]["physicalLocation"]["region"]
    check((reg["startLine"], reg["startColumn"]) == (d["ligne"], d["colonne"]),
          f"{d['code']} : région {reg}")
    check(len(r.get("relatedLocations", [])) == len([n for n in d.get("notes", []) if "ligne" in n]),
          f"{d['code']} : relatedLocations")
for f in fails:
    print(f)
sys.exit(1 if fails else 0)
