" Vim syntax file for Cible contracts (*.cible).
" Keywords are those of grammar/lexer.l, written with or without accents and
" in any case, as the scanner reads them (tests/i13_editors.py checks the list).
if exists("b:current_syntax")
  finish
endif
syntax case ignore
setlocal iskeyword=@,48-57,_,192-255

syntax match cibleKeyword "\v<(p[aàâ]t[iîï][eéèêë]nt[eéèêë]l[eéèêë]_r[eéèêë]f[eéèêë]r[eéèêë]n[cç][eéèêë]|m[eéèêë]s[uùûü]r[eéèêë]_m[aàâ]nq[uùûü][aàâ]nt[eéèêë]|p[oô][iîï]nts_v[aàâ]r[iîï][aàâ]bl[eéèêë]s|d[eéèêë]l[aàâ][iîï]_d[eéèêë]m[aàâ]rr[aàâ]g[eéèêë]|pl[aàâ]f[oô]nd_m[oô]nt[aàâ]nt|f[oô]n[cç]t[iîï][oô]nn[eéèêë]m[eéèêë]nt|n[eéèêë][uùûü]tr[aàâ]l[iîï]s[aàâ]t[iîï][oô]n|[aàâ]nn[iîï]v[eéèêë]rs[aàâ][iîï]r[eéèêë]|p[oô][iîï]nts_f[iîï]x[eéèêë]s|v[aàâ]l[eéèêë][uùûü]r_p[oô][iîï]nt|[oô]bl[iîï]g[aàâ]t[oô][iîï]r[eéèêë]|pr[oô]gr[eéèêë]ss[iîï][oô]n|r[eéèêë]s[iîï]l[iîï][aàâ]t[iîï][oô]n|[aàâ]gr[eéèêë]g[aàâ]t[iîï][oô]n|[iîï]nd[iîï][cç][aàâ]t[eéèêë][uùûü]r|n[eéèêë][uùûü]tr[aàâ]l[iîï]s[eéèêë]|p[aàâ]t[iîï][eéèêë]nt[eéèêë]l[eéèêë]|r[eéèêë]tr[oô][aàâ][cç]t[iîï]f|[cç][oô]nst[aàâ]nt[eéèêë]|d[eéèêë]m[aàâ]rr[aàâ]g[eéèêë]|pr[eéèêë][cç][eéèêë]d[eéèêë]nt|s[iîï]gn[aàâ]t[uùûü]r[eéèêë]|v[eéèêë]rs[eéèêë]m[eéèêë]nt|[aàâ]ss[iîï][eéèêë]tt[eéèêë]|[aàâ]tt[eéèêë][iîï]nt[eéèêë]|[oô]bj[eéèêë][cç]t[iîï]f|pl[aàâ]n[cç]h[eéèêë]r|r[eéèêë]mpl[aàâ][cç][eéèêë]|v[aàâ]r[iîï][aàâ]bl[eéèêë]|[aàâ]rr[oô]nd[iîï]|[aàâ]tt[eéèêë]nd[uùûü]|[aàâ]v[eéèêë]n[aàâ]nt|[cç][eéèêë]nt[iîï]m[eéèêë]|[cç][oô]ntr[aàâ]t|d[eéèêë]f[iîï]n[iîï]r|[eéèêë]x[eéèêë]mpl[eéèêë]|[iîï]mp[oô]rt[eéèêë]|[iîï]n[iîï]t[iîï][aàâ]l|m[eéèêë]s[uùûü]r[eéèêë]s|m[iîï]ss[iîï][oô]n|m[oô]nt[aàâ]nt|p[aàâ]rt[iîï][eéèêë]s|p[eéèêë]r[iîï][oô]d[eéèêë]|pl[aàâ]f[oô]nd|pr[oô]r[aàâ]t[aàâ]|s[uùûü][iîï]v[aàâ]nt|[aàâ][cç][cç][oô]rd|[aàâ]v[aàâ]n[cç][eéèêë]|b[aàâ]r[eéèêë]m[eéèêë]|[cç]h[aàâ]q[uùûü][eéèêë]|d[eéèêë]p[uùûü][iîï]s|d[oô]nn[eéèêë][eéèêë]|p[oô][iîï]nts|r[eéèêë]t[iîï]r[eéèêë]|s[oô][uùûü]r[cç][eéèêë]|v[aàâ]l[eéèêë][uùûü]r|[aàâ]l[oô]rs|d[uùûü]r[eéèêë][eéèêë]|f[iîï][cç]h[eéèêë]|p[oô][iîï]ds|s[iîï]n[oô]n|s[oô][cç]l[eéèêë]|s[oô]ld[eéèêë]|[uùûü]n[iîï]t[eéèêë]|v[oô]l[eéèêë]t|d[aàâ]t[eéèêë]|f[iîï]x[eéèêë]|p[aàâ]rt|s[aàâ]ns|s[eéèêë]ns|typ[eéèêë]|[aàâ]x[eéèêë]|[iîï]nf|n[oô]n|[oô][uùûü][iîï]|p[aàâ]r|s[uùûü]r|[aàâ]n|[aàâ][uùûü]|d[eéèêë]|[eéèêë]n|[eéèêë]t|l[aàâ]|l[eéèêë]|nd|[oô][uùûü]|s[iîï]|[aàâ])>"
syntax match cibleNumber "\v<\d{1,3}([  ]\d{3})*(,\d+)?>"
syntax match cibleNumber "\v<\d+(,\d+)?>"
syntax match cibleDate "\v<\d{4}-\d{2}-\d{2}>"
syntax match cibleDate "\v<\d{2}/\d{2}/\d{4}>"
syntax match cibleUnit "[%€]"
syntax match cibleInfinity "\v[+-]?<inf>"
syntax match cibleDelimiter "[][{}();:]"
syntax region cibleString start=+"+ end=+"+ oneline
syntax region cibleString start=+«+ end=+»+ oneline
syntax match cibleComment "#.*$" contains=@Spell

highlight default link cibleKeyword Keyword
highlight default link cibleNumber Number
highlight default link cibleDate Constant
highlight default link cibleUnit Special
highlight default link cibleInfinity Constant
highlight default link cibleDelimiter Delimiter
highlight default link cibleString String
highlight default link cibleComment Comment

let b:current_syntax = "cible"
