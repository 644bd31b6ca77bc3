eval tests/golden/avenant_remplace_retroactif.cible --periode 'an 2'
