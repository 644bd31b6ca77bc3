#!/usr/bin/env python3
"""tests/xlsx_check.py: reads back with openpyxl (an independent reader) the
xlsx workbook cible writes, and compares every figure cell with the JSON
report of the same run.

    xlsx_check.py CIBLE eval ARGS...        one sheet per contract and period
    xlsx_check.py CIBLE echeancier ARGS...  the sheet « Échéancier »
    xlsx_check.py CIBLE mesures ARGS...     the sheet « Mesures » against
                                            the CSV template

A figure cell must be a number equal to the JSON exact value rounded as the
text report displays it (euros to the centime, rates to 0.01 %, objectives
and measures to 6 places at most), half away from zero, in Decimal: no
float arithmetic. Its number format is checked (euros, percentages, dates),
the header row frozen, the hidden column holds the exact fraction of every
rounded figure, and the sheet « Provenance » lists the input files with
their SHA-256. Prints what differs and exits 1; exits 0 when all agree.
"""
import json
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from fractions import Fraction

import openpyxl

EUR = '#,##0.00 "€"'
PTS = '#,##0.00 "points"'
PCT = '0.00%'
errors = []


def fail(msg):
    errors.append(msg)


def rounded(exact, places):
    """The Fraction of the string exact rounded half away from zero to places."""
    q = Fraction(exact)
    scale = 10 ** places
    n = abs(q) * scale
    k = int(n)  # floor of a non-negative number
    if n - k >= Fraction(1, 2):
        k += 1
    return Fraction(-k if q < 0 else k, scale)


def cell_value(cell):
    """The number of a cell as an exact Fraction of its decimal text."""
    v = cell.value
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return Fraction(Decimal(repr(v)))


def check_figure(where, cell, exact_col, num, places, fmt, what):
    """cell must hold num (a JSON number object or None) rounded to places."""
    if num is None:
        if cell_value(cell) is not None:
            fail(f"{where} {what}: {cell.value!r} sans valeur dans le JSON")
        return
    exact = num["exact"] if isinstance(num, dict) else num
    want = rounded(exact, places)
    got = cell_value(cell)
    if got is None:
        fail(f"{where} {what}: {cell.value!r} n'est pas un nombre (JSON {exact})")
        return
    if got != want:
        fail(f"{where} {what}: {cell.value!r} au lieu de {float(want)} (exact {exact})")
    if cell.number_format != fmt:
        fail(f"{where} {what}: format {cell.number_format!r} au lieu de {fmt!r}")
    if Fraction(exact) != want and f"{what} = {exact}" not in (exact_col.value or ""):
        fail(f"{where} {what}: valeur exacte {exact} absente de la colonne cachée ({exact_col.value!r})")


def run(cible, args, fmt, out=None):
    cmd = [cible] + args + ["--format", fmt] + (["-o", out] if out else [])
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: statut {p.returncode}")
    return p.stdout


def check_header(ws, titles):
    got = [c.value for c in ws[1]][: len(titles)]
    if got != titles:
        fail(f"{ws.title}: en-tête {got}")
    if ws.freeze_panes != "A2":
        fail(f"{ws.title}: volets figés {ws.freeze_panes!r} au lieu de A2")
    for cell in ws[1]:
        if cell.value == "valeurs exactes":
            dim = ws.column_dimensions[cell.column_letter]
            if not dim.hidden:
                fail(f"{ws.title}: la colonne « valeurs exactes » n'est pas cachée")


def check_provenance(wb, doc):
    if "Provenance" not in wb.sheetnames:
        fail("pas de feuille Provenance")
        return
    ws = wb["Provenance"]
    files = {r[0]: r[1] for r in ws.iter_rows(min_row=6, values_only=True) if r[0]}
    want = {f["fichier"]: f["sha256"] for f in doc["provenance"]["fichiers"]}
    if files != want:
        fail(f"Provenance: fichiers {files} au lieu de {want}")
    if ws["B1"].value != doc["provenance"]["cible"]:
        fail(f"Provenance: version {ws['B1'].value!r}")


EVAL_TITLES = ["élément", "niveau", "libellé", "objectif", "mesure", "unité", "ratio",
               "atteinte", "après barème", "tranche", "poids", "part", "versé", "état",
               "part fixe", "enveloppe variable", "part variable versée", "valeurs exactes"]
COL = {t: i for i, t in enumerate(EVAL_TITLES)}


def sheet_name(name):
    out, n = [], 0
    for ch in name:
        if n == 31:
            break
        out.append("-" if ch in "[]:*?/\\'" else ch)
        n += 1
    return "".join(out)


def walk(r):
    yield r
    for e in r.get("elements", []):
        yield from walk(e)


def check_eval(wb, doc):
    several = len(doc["contrats"]) > 1
    nsheets = 0
    for c in doc["contrats"]:
        for p in c["periodes"]:
            name = sheet_name((c["id"] + " " if several else "") + p["periode"])
            if name not in wb.sheetnames:
                fail(f"pas de feuille {name!r} ({wb.sheetnames})")
                continue
            nsheets += 1
            ws = wb[name]
            check_header(ws, EVAL_TITLES)
            rows = list(ws.iter_rows(min_row=2))
            elems = list(walk(p["resultat"]))
            for i, r in enumerate(elems):
                row = rows[i] if i < len(rows) else None
                where = f"{name}!{i + 2} {r['id']}"
                if row is None or row[0].value != r["id"]:
                    fail(f"{where}: ligne {row[0].value if row else None!r}")
                    continue
                x = row[COL["valeurs exactes"]]
                money = PTS if r.get("unite_montants") == "points" else EUR
                check_figure(where, row[COL["objectif"]], x, r.get("objectif"), 6, "General", "objectif")
                check_figure(where, row[COL["mesure"]], x, r.get("mesure"), 6, "General", "mesure")
                check_figure(where, row[COL["ratio"]], x, r.get("ratio"), 4, PCT, "ratio")
                att = r.get("atteinte") if r["statut"] == "evalue" else None
                check_figure(where, row[COL["atteinte"]], x, att, 4, PCT, "atteinte")
                if r.get("tranche") is not None and r.get("apres_bareme") is not None:
                    check_figure(where, row[COL["après barème"]], x, r["apres_bareme"], 4, PCT,
                                 "après barème")
                    if row[COL["tranche"]].value != r["tranche"]:
                        fail(f"{where} tranche: {row[COL['tranche']].value!r} au lieu de {r['tranche']!r}")
                poids = r.get("poids") if r["nature"] != "contrat" else None
                check_figure(where, row[COL["poids"]], x, poids, 4, PCT, "poids")
                check_figure(where, row[COL["part"]], x, r.get("part"), 2, money, "part")
                check_figure(where, row[COL["versé"]], x, r.get("verse"), 2, money, "versé")
                if r["nature"] == "contrat" and "part_variable" in p:
                    pv = p["part_variable"]
                    check_figure(where, row[COL["enveloppe variable"]], x, pv["enveloppe"], 2, EUR,
                                 "enveloppe variable")
                    if pv["verse"] is not None:
                        check_figure(where, row[COL["part variable versée"]], x, pv["verse"], 2,
                                     EUR, "part variable versée")
                    elif row[COL["part variable versée"]].value != "à déterminer":
                        fail(f"{where}: part variable versée {row[COL['part variable versée']].value!r}")
    if nsheets == 0:
        fail("aucune feuille de période")
    return nsheets


SCHED_TITLES = ["contrat", "date", "période", "nature", "objet", "enveloppe", "élément", "base",
                "taux", "prorata", "montant", "cumul", "raison", "valeurs exactes"]
SCOL = {t: i for i, t in enumerate(SCHED_TITLES)}


def check_schedule(wb, doc):
    if "Échéancier" not in wb.sheetnames:
        fail(f"pas de feuille Échéancier ({wb.sheetnames})")
        return 0
    ws = wb["Échéancier"]
    check_header(ws, SCHED_TITLES)
    rows = list(ws.iter_rows(min_row=2))
    i = 0
    for c in doc["contrats"]:
        for v in c["versements"]:
            row = rows[i]
            where = f"Échéancier!{i + 2}"
            i += 1
            d = row[SCOL["date"]]
            if d.is_date is False or d.value is None or d.value.date().isoformat() != v["date"]:
                fail(f"{where} date: {d.value!r} au lieu de {v['date']}")
            if d.number_format != "dd/mm/yyyy":
                fail(f"{where} date: format {d.number_format!r}")
            for col, key in (("contrat", None), ("période", "periode"), ("objet", "objet"),
                             ("enveloppe", "enveloppe"), ("élément", "element")):
                want = c["id"] if key is None else v[key]
                if row[SCOL[col]].value != want:
                    fail(f"{where} {col}: {row[SCOL[col]].value!r} au lieu de {want!r}")
            x = row[SCOL["valeurs exactes"]]
            check_figure(where, row[SCOL["base"]], x, v["base"], 2, EUR, "base")
            check_figure(where, row[SCOL["taux"]], x, v["taux"], 4, PCT, "taux")
            check_figure(where, row[SCOL["cumul"]], x, v["cumul"], 2, EUR, "cumul")
            if v["montant"] is None:
                if row[SCOL["montant"]].value != "à déterminer":
                    fail(f"{where} montant: {row[SCOL['montant']].value!r} au lieu de « à déterminer »")
                if row[SCOL["raison"]].value != v["raison"]:
                    fail(f"{where} raison: {row[SCOL['raison']].value!r} au lieu de {v['raison']!r}")
            else:
                check_figure(where, row[SCOL["montant"]], x, v["montant"], 2, EUR, "montant")
    # after the payments, an empty row, then nothing dated
    if i < len(rows) and any(cell.value is not None for cell in rows[i]):
        fail(f"Échéancier!{i + 2}: ligne en trop {[cell.value for cell in rows[i]]}")
    return i


def check_template(wb, csv_text):
    """The sheet « Mesures » has the rows of the CSV template, its valeur
    column empty and alone unlocked in a protected sheet."""
    if "Mesures" not in wb.sheetnames:
        fail(f"pas de feuille Mesures ({wb.sheetnames})")
        return 0
    ws = wb["Mesures"]
    if not ws.protection.sheet:
        fail("Mesures: feuille non protégée")
    if ws.freeze_panes != "A2":
        fail(f"Mesures: volets figés {ws.freeze_panes!r}")
    want = [line.split(";") for line in csv_text.splitlines() if line]
    got = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
    if got != want:
        fail(f"Mesures: {got[:3]}… au lieu de {want[:3]}…")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.protection.locked == (cell.column == 4):
                fail(f"Mesures!{cell.coordinate}: verrouillée {cell.protection.locked}")
    return len(want) - 1


def main():
    cible, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if command == "mesures":
        csv_text = run(cible, [command] + args, "csv").decode("utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "modele.xlsx")
            run(cible, [command] + args, "xlsx", path)
            wb = openpyxl.load_workbook(path)
        n = check_template(wb, csv_text)
        if "Provenance" not in wb.sheetnames:
            fail("pas de feuille Provenance")
        for e in errors[:40]:
            print(e)
        print(f"{len(errors)} écart(s)" if errors else f"{n} ligne(s) conformes au CSV")
        return 1 if errors else 0
    doc = json.loads(run(cible, [command] + args, "json"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "classeur.xlsx")
        run(cible, [command] + args, "xlsx", path)
        wb = openpyxl.load_workbook(path)
    n = check_eval(wb, doc) if command == "eval" else check_schedule(wb, doc)
    check_provenance(wb, doc)
    for e in errors[:40]:
        print(e)
    if errors:
        print(f"{len(errors)} écart(s)")
        return 1
    print(f"{n} feuille(s) ou ligne(s) conformes au JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main())
