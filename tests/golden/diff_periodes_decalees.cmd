diff tests/golden/diff_periodes_decalees_a.cible tests/golden/diff_periodes_decalees_b.cible --mesures tests/golden/diff_periodes_decalees.csv
