fmt tests/errors/fmt_e0010.cible
