test tests/golden/i11_data_erreurs.cible
