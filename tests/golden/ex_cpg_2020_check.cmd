check examples/cpg_2020.cible
