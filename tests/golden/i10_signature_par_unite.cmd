check --signature tests/golden/i10_signature_par_unite.cible
