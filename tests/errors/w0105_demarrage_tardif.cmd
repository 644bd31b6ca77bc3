check tests/errors/w0105_demarrage_tardif.cible
