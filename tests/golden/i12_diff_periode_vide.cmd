diff tests/golden/i12_diff_periode_vide_a.cible tests/golden/i12_diff_periode_vide_b.cible --mesures tests/golden/i12_diff_periode_vide.csv
