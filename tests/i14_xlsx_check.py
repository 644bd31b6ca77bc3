"""Reads `cible eval --format xlsx` back with an independent reader
(openpyxl) and compares every figure cell with the JSON report of the same
run: for each element and period, the share, the paid amount and the
attainment (numbers, within a millionth of a centime of the exact
fraction), their number formats (euros, percentages), the frozen header,
the hidden column of exact amounts, and the provenance sheet.

usage: python3 tests/i14_xlsx_check.py CIBLE ARGS…
Prints one line per failed check; exit 1 if any, 77 when openpyxl is absent."""
import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

try:
    import openpyxl
except ImportError:
    print("openpyxl absent")
    sys.exit(77)

cible, args = sys.argv[1], sys.argv[2:]
js = subprocess.run([cible, "eval"] + args + ["--format", "json"], capture_output=True)
fd, book = tempfile.mkstemp(suffix=".xlsx")
os.close(fd)
xs = subprocess.run([cible, "eval"] + args + ["--format", "xlsx", "-o", book], capture_output=True)
fails = []
if js.returncode or xs.returncode:
    print(f"statuts {js.returncode} et {xs.returncode}: {xs.stderr[:300]}")
    sys.exit(1)
doc = json.loads(js.stdout)
wb = openpyxl.load_workbook(book)
os.unlink(book)
results = {}
def walk(c, p, r):
    results[(c, p, r["id"])] = r
    for e in r.get("elements", []):
        walk(c, p, e)
periods = []
for c in doc["contrats"]:
    for p in c["periodes"]:
        periods.append((c["id"], p["periode"]))
        walk(c["id"], p["periode"], p["resultat"])
sheets = [s for s in wb.sheetnames if s != "Provenance"]
if len(sheets) != len(periods):
    fails.append(f"{len(sheets)} feuilles pour {len(periods)} périodes")
if "Provenance" not in wb.sheetnames or not str(wb["Provenance"]["A1"].value).startswith("Établi le "):
    fails.append("feuille Provenance absente ou vide")
checked = 0
for name, (contract, period) in zip(sheets, periods):
    ws = wb[name]
    if contract not in name or period not in name:
        fails.append(f"feuille « {name} » pour {contract} {period}")
    if ws.freeze_panes != "B2":
        fails.append(f"{name} : volets figés {ws.freeze_panes}")
    if not ws.column_dimensions["N"].hidden:
        fails.append(f"{name} : colonne des valeurs exactes visible")
    head = [c.value for c in ws[1]]
    col = {t: i for i, t in enumerate(head)}
    for row in ws.iter_rows(min_row=2):
        ident = str(row[0].value).split()[-1]
        r = results.get((contract, period, ident))
        if r is None:
            fails.append(f"{name} : « {ident} » absent du JSON")
            continue
        for title, field, fmt in (("versé", "verse", "€"), ("part", "part", "€"),
                                  ("atteinte", "atteinte", "%")):
            cell = row[col[title]]
            j = r.get(field)
            if cell.value is None:
                continue
            if not j:
                fails.append(f"{name} {ident} : {title} {cell.value} sans chiffre en JSON")
                continue
            exact = Fraction(j["exact"])
            if abs(Fraction(cell.value) - exact) > Fraction(1, 10 ** 8) * max(1, abs(exact)):
                fails.append(f"{name} {ident} : {title} {cell.value} au lieu de {j['exact']}")
            unit = r.get("unite_montants")
            if fmt not in cell.number_format and not (fmt == "€" and unit == "points"):
                fails.append(f"{name} {ident} : {title} au format {cell.number_format}")
            checked += 1
        ex = row[col["versé exact"]].value
        if ex is not None and Fraction(ex) != Fraction(r["verse"]["exact"]):
            fails.append(f"{name} {ident} : versé exact {ex} au lieu de {r['verse']['exact']}")
if checked == 0:
    fails.append("aucun chiffre comparé")
for f in fails[:40]:
    print(f)
print(f"{checked} cellules comparées", file=sys.stderr)
sys.exit(1 if fails else 0)
