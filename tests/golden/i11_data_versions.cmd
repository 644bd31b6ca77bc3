test tests/golden/i11_data_versions.cible
