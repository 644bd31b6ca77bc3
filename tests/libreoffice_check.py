#!/usr/bin/env python3
"""tests/libreoffice_check.py: compares what LibreOffice Calc shows of a
workbook cible wrote with the text report of the same run.

    libreoffice_check.py eval REPORT.txt SHEET1.csv [SHEET2.csv …]
    libreoffice_check.py echeancier REPORT.txt SHEET.csv

The CSV files are Calc's export of each sheet "as shown" (the numbers as
its number formats display them), Calc set to French (fr-FR), as a French
user sees them: « 5 583,33 € », « 55,83% », « 20/01/2024 ». eval: for each period of the report (in order, one sheet
each), each row of the table gives its element and the figures of its
columns « part », « versé » (euros) and « atteinte »; the sheet's row of
that element must show the same in those columns. echeancier: each payment line gives its
date, amount (or « à déterminer ») and cumulative total; the sheet's rows
must show the same, in the same order. Figures are compared as decimal
strings after removing the thousands separators. Prints
what differs and exits 1; prints the count compared and exits 0.
"""
import csv
import re
import sys

EURO_FR = re.compile(r"(-?\d{1,3}(?:[ \u00a0\u202f]\d{3})*,\d\d) €")
PCT_FR = re.compile(r"(-?\d{1,3}(?:[ \u00a0\u202f]\d{3})*,\d\d) %")
# what Calc shows: the same, its thousands separated by a no-break space,
# a percentage without a space before « % »
PCT_CALC = re.compile(r"^(-?\d{1,3}(?:[ \u00a0\u202f]\d{3})*,\d\d) ?%$")
EURO_CALC = re.compile(r"^(-?\d{1,3}(?:[ \u00a0\u202f]\d{3})*,\d\d) (?:€|points)$")


def fr(s):
    return s.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", ".")


def calc(s):
    m = EURO_CALC.match(s.strip())
    return fr(m.group(1)) if m else None


def sheet(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    return rows[0], rows[1:]


errors, compared = [], 0
mode, report = sys.argv[1], sys.argv[2]
text = open(report, encoding="utf-8").read()
text = text.split("\nÉtabli le ")[0]

if mode == "eval":
    periods = re.split(r"\n(?=Période )", text)[1:]
    sheets = sys.argv[3:]
    if len(periods) != len(sheets):
        errors.append(f"{len(periods)} période(s) dans le rapport, {len(sheets)} feuille(s)")
    for k, (block, path) in enumerate(zip(periods, sheets)):
        head, rows = sheet(path)
        col = {name: i for i, name in enumerate(head)}
        shown = {}
        for r in rows:
            if r and r[0]:
                att = PCT_CALC.match(r[col["atteinte"]].strip())
                shown[r[0].strip()] = [calc(r[col["part"]]), calc(r[col["versé"]]),
                                       fr(att.group(1)) if att else None]
        lines = block.split("\n")
        start = next(i for i, l in enumerate(lines) if l.startswith("élément"))
        header = lines[start]
        # fixed-width columns: each runs from its title to the next title
        titles = [m.start() for m in re.finditer(r"(?<=  )\S", header)] + [10 ** 6]

        def column(line, title):
            at = header.find(" " + title + " ") + 1 if " " + title + " " in header else -1
            if at <= 0:
                return ""
            end = min(t for t in titles if t > at)
            return line[at:end]
        for line in lines[start + 1:]:
            if not line.strip():
                break
            words = line.split()
            ident = words[1] if words[0] in ("contrat", "mission", "axe", "volet", "part", "fiche") and len(words) > 1 and not words[1][0].isdigit() else words[0]
            want = [fr(e) for e in EURO_FR.findall(column(line, "part") + " " + column(line, "versé"))]
            att = PCT_FR.search(column(line, "atteinte"))
            want.append(fr(att.group(1)) if att else None)
            got = [g for g in shown.get(ident, [None, None, None]) if g is not None]
            want = [w for w in want if w is not None]
            if ident not in shown:
                errors.append(f"{path}: pas de ligne « {ident} »")
            elif want != got:
                errors.append(f"{path}: « {ident} » affiche {got}, le rapport {want}")
            compared += len(want)
elif mode == "echeancier":
    head, rows = sheet(sys.argv[3])
    col = {name: i for i, name in enumerate(head)}
    want = []
    for line in text.split("\n"):
        m = re.match(r"^(\d\d/\d\d/\d{4}) ", line)
        if m:
            figures = [fr(e) for e in EURO_FR.findall(line)]
            amount = "à déterminer" if "à déterminer" in line else figures[-2]
            want.append((m.group(1), amount, figures[-1]))
    got = []
    for r in rows:
        if r and re.match(r"^\d\d/\d\d/\d{4}$", r[col["date"]]):
            amount = r[col["montant"]]
            got.append((r[col["date"]], calc(amount) or amount, calc(r[col["cumul"]])))
    if want != got:
        for i, (a, b) in enumerate(zip(want, got)):
            if a != b:
                errors.append(f"ligne {i + 1} : rapport {a}, Calc {b}")
                break
        if len(want) != len(got):
            errors.append(f"{len(want)} versement(s) dans le rapport, {len(got)} dans la feuille")
    compared = 3 * len(want)
else:
    sys.exit(f"mode inconnu : {mode}")

if compared == 0:
    errors.append("aucun chiffre comparé")
for e in errors:
    print(e)
if errors:
    sys.exit(1)
print(f"{compared} chiffre(s) comparé(s)")
