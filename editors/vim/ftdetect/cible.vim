" Cible contracts
autocmd BufRead,BufNewFile *.cible setfiletype cible
