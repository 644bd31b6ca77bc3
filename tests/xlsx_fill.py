#!/usr/bin/env python3
"""tests/xlsx_fill.py: fills the xlsx measures template cible wrote
(`cible mesures --modele --format xlsx`) as a person typing into a French
spreadsheet would, with openpyxl (an independent writer), from the values
of a CSV measures file; rows the CSV has no value for are deleted.

    xlsx_fill.py MODELE.xlsx MESURES.csv REMPLI.xlsx

A value is typed as a spreadsheet stores it: "347 802" and "4 942 738 €"
become numbers, "76,18 %" the number 0.7618 with a percentage format,
"6,00" the number 6.0, a word (oui, non, nd, neutralise, an étape) stays
text. Prints how many cells were filled.
"""
import csv
import re
import sys
from decimal import Decimal

import openpyxl

modele, mesures, rempli = sys.argv[1:4]
values = {}
with open(mesures, encoding="utf-8-sig", newline="") as f:
    lines = [l for l in f if not l.startswith("#")]
for row in csv.DictReader(lines, delimiter=";"):
    values[(row["contrat"], row["indicateur"], row["periode"])] = row["valeur"]


def typed(text):
    """The cell value and number format a spreadsheet stores for text."""
    t = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    pct = t.endswith("%")
    t = t.rstrip("%€").strip()
    m = re.fullmatch(r"-?\d{1,3}(?: \d{3})*(?:,\d+)?|-?\d+(?:,\d+)?", t)
    if not m:
        return text, None
    d = Decimal(t.replace(" ", "").replace(",", "."))
    if pct:
        return float(d / 100), "0.00%"
    return (int(d) if d == d.to_integral_value() and "," not in t else float(d)), None


wb = openpyxl.load_workbook(modele)
ws = wb["Mesures"]
filled = 0
for r in range(ws.max_row, 1, -1):
    key = tuple(str(ws.cell(r, c).value) for c in (1, 2, 3))
    if key not in values:
        ws.delete_rows(r)
        continue
    v, fmt = typed(values[key])
    cell = ws.cell(r, 4)
    cell.value = v
    if fmt:
        cell.number_format = fmt
    filled += 1
wb.save(rempli)
print(f"{filled} valeur(s) saisie(s) sur {len(values)}")
