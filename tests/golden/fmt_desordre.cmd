fmt tests/golden/fmt_desordre.cible
