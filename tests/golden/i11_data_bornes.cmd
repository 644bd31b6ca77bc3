test --bornes tests/golden/i11_data_bornes.cible
