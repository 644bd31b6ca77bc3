test --bornes tests/golden/i12_bornes_lot.cible
