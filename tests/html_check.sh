# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail).
# Issue 14, item 1: every HTML report of the golden tests (tests/golden/
# i14_html_*.cmd, run again here) is well-formed XML (`xmllint --noout`
# prints nothing: the pages are written as polyglot HTML5), passes the HTML
# parser of xmllint (`--html --noout`) with no message other than its not
# knowing the HTML5 and SVG elements (libxml2's parser is HTML 4), and
# names no external resource: no "http" anywhere in the file.

H="$X/i14html"
mkdir -p "$H"
html5_tags='header|main|section|footer|figure|figcaption|time|svg|desc|defs|pattern|rect|line|polygon|path|circle|text|g'
if ! command -v xmllint >/dev/null; then
  record_fail i14_html_xmllint "xmllint absent (paquet libxml2-utils)"
else
  for cmd in tests/golden/i14_html_*.cmd; do
    name=$(basename "$cmd" .cmd)
    eval "args=($(cat "$cmd"))"
    # status 1 is a page too: `cible test` with a failed exemple
    "$CIBLE" "${args[@]}" >"$H/$name.html" 2>/dev/null
    if [[ $? -gt 1 || ! -s $H/$name.html ]]; then
      record_fail "${name}_statut" "$(cat "$cmd") : pas de page"
      continue
    fi
    out=$(xmllint --noout "$H/$name.html" 2>&1)
    if [[ -n $out ]]; then
      record_fail "${name}_xml" "$(printf '%s' "$out" | head -c 400)"
    else
      record_pass "${name}_xml"
    fi
    # the parser's messages come three lines each: the message, the line, a caret
    out=$(xmllint --html --noout "$H/$name.html" 2>&1 |
      grep -E 'HTML parser error|warning|error' |
      grep -Ev "HTML parser error : Tag ($html5_tags) invalid$")
    if [[ -n $out ]]; then
      record_fail "${name}_html" "$(printf '%s' "$out" | head -c 400)"
    else
      record_pass "${name}_html"
    fi
    if grep -qi 'http' "$H/$name.html"; then
      record_fail "${name}_sans_http" "$(grep -oi '.\{30\}http.\{30\}' "$H/$name.html" | head -3)"
    else
      record_pass "${name}_sans_http"
    fi
  done
fi
true

# an archived HTML relevé is checked by `cible verifie` like a text one
(cd "$H" && cp "$ROOT/examples/cafe_cpts.cible" contrat.cible &&
  "$CIBLE" eval contrat.cible --format html -o releve.html 2>/dev/null &&
  "$CIBLE" verifie releve.html >verifie.txt 2>&1)
if [[ $? == 0 ]] && grep -q "octet pour octet" "$H/verifie.txt"; then
  record_pass i14_html_verifie
else
  record_fail i14_html_verifie "$(head -c 400 "$H/verifie.txt")"
fi

# --format pdf without Chromium: a usage error naming the package, no file
(cd "$H" && PATH=/nonexistent "$CIBLE" eval contrat.cible --format pdf -o sans.pdf \
  >/dev/null 2>sans_chromium.err)
rc=$?
if [[ $rc == 2 && ! -e $H/sans.pdf ]] && grep -q "installez le paquet chromium" "$H/sans_chromium.err"; then
  record_pass i14_pdf_sans_chromium
else
  record_fail i14_pdf_sans_chromium "statut $rc : $(head -c 300 "$H/sans_chromium.err")"
fi
true
