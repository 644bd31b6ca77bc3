eval tests/golden/i10_sens_signes.cible
