fmt tests/golden/i10_fmt_signes.cible
