eval examples/drsm_bfc_2019.cible --format html
