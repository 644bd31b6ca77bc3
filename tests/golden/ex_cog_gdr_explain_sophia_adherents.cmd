eval examples/cog_gdr.cible --explain sophia_adherents
