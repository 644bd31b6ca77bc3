eval --liste tests/fixtures/i12_pf/liste_absent.txt
