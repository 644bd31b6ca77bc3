diff tests/golden/i11_socle_initial_diff_a.cible tests/golden/i11_socle_initial_diff_b.cible --mesures tests/golden/diff_vide.csv
