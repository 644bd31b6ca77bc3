eval examples/cafe_cpts.cible --periode 'an 2'
