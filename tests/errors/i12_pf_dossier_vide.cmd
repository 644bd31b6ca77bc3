check tests/fixtures/i12_pf/vide
