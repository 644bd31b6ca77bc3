"""Reads the Excel flavour of `cible eval --format csv --csv-excel` back as a
French spreadsheet would (UTF-8 with its byte order mark, ';' between
fields, decimal comma) with Python's csv module, and checks every figure it
can against the JSON report of the same run: for each element and period,
the share, the paid amount and the attainment, and each row's status. The
JSON holds the exact fractions; the CSV the same values rounded half away
from zero as the text table shows them (euros to the centime, percent to
six places).

usage: python3 tests/i14_csv_check.py CIBLE ARGS…   (ARGS: contracts, --mesures…)
Prints one line per failed check; exit 1 if any."""
import csv
import io
import json
import subprocess
import sys
from fractions import Fraction

cible, args = sys.argv[1], sys.argv[2:]
js = subprocess.run([cible, "eval"] + args + ["--format", "json"], capture_output=True)
cs = subprocess.run([cible, "eval"] + args + ["--format", "csv", "--csv-excel"], capture_output=True)
fails = []
if js.returncode or cs.returncode:
    print(f"statuts {js.returncode} et {cs.returncode}")
    sys.exit(1)
raw = cs.stdout
if not raw.startswith(b"\xef\xbb\xbf"):
    fails.append("pas de BOM UTF-8 en tête")
if b"\n" in raw.replace(b"\r\n", b""):
    fails.append("une fin de ligne sans CR")

def rounded(q, places):
    """q rounded half away from zero to places decimals, as a Fraction."""
    scale = 10 ** places
    n = abs(q) * scale
    r = int(n) + (1 if n - int(n) >= Fraction(1, 2) else 0)
    return (r if q >= 0 else -r) / Fraction(scale)

def number(cell):
    """A CSV number with a decimal comma, exactly."""
    return Fraction(cell.replace(",", "."))

results = {}
def walk(contract, period, r):
    results[(contract, period, r["id"])] = r
    for e in r.get("elements", []):
        walk(contract, period, e)

doc = json.loads(js.stdout)
for c in doc["contrats"]:
    for p in c["periodes"]:
        walk(c["id"], p["periode"], p["resultat"])
        for d in p.get("donnees", []):
            results[(c["id"], p["periode"], d["id"])] = d

text = raw.decode("utf-8-sig")
rows = [r for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
        if not r["contrat"].startswith("#")]
if not rows:
    fails.append("aucune ligne")
checked = 0
for row in rows:
    key = (row["contrat"], row["periode"], row["element"])
    r = results.get(key)
    if r is None:
        if row["niveau"] != "donnee":
            fails.append(f"{key} absent du JSON")
        continue
    if row["statut"] != r["statut"]:
        fails.append(f"{key} : statut {row['statut']} au lieu de {r['statut']}")
    for col, field, places in (("verse", "verse", 2), ("part", "part", 2),
                               ("atteinte_pct", "atteinte", 6)):
        j = r.get(field)
        cell = row[col]
        if not j or not cell:
            continue  # shown only where the text table shows it
        exact = Fraction(j["exact"])
        if field == "atteinte":
            exact *= 100
        want = rounded(exact, places)
        got = number(cell)
        if col == "atteinte_pct":
            ok = got == want
        else:
            ok = got == want and len(cell.split(",")[1]) == 2
        if not ok:
            fails.append(f"{key} : {col} {cell} au lieu de {want} (exact {j['exact']})")
        checked += 1
if checked == 0:
    fails.append("aucun chiffre comparé")
for f in fails:
    print(f)
print(f"{checked} chiffres comparés", file=sys.stderr)
sys.exit(1 if fails else 0)
