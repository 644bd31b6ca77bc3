# Sourced by tests/extra.sh (X, CIBLE, UPDATE, record_pass, record_fail).
# Issue 14: the HTML relevé in a real browser. When chromium is installed,
# the pages of examples/cafe_cpts.cible (eval) and
# examples/cpts_echeancier.cible (echeancier) are loaded in headless
# Chromium: a screenshot (1200×1600) is not blank (tests/png_stats.py:
# more than 1 % of non-white pixels and several colours), the DOM text holds
# every euro figure of the text report of the same run, and `--format pdf`
# gives a PDF in which pdftotext finds 5 583,33 € (EXPECTED.md) and the
# payment dates. Under UPDATE the screenshots are copied to docs/img/. Six
# Chromium runs in all.

if ! command -v chromium >/dev/null; then
  echo "skipped: chromium absent"
else
  B="$X/i14browser"
  mkdir -p "$B"
  chromium_run() { # ARGS… : headless Chromium with its own profile, quiet
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$B/profil" "$@" 2>/dev/null
  }
  euros() { # the euro figures of a text report, one per line, each once
    grep -v '^  [0-9a-f]\{64\}  ' "$1" | grep -o '[0-9][0-9  ]*,[0-9][0-9] €' | sort -u
  }
  for ex in "eval cafe_cpts" "echeancier cpts_echeancier"; do
    set -- $ex
    cmd=$1 name=$2
    "$CIBLE" "$cmd" "examples/$name.cible" --format html >"$B/$name.html" 2>/dev/null
    "$CIBLE" "$cmd" "examples/$name.cible" >"$B/$name.txt" 2>/dev/null
    # the screenshot
    rm -f "$B/$name.png"
    (cd "$B" && chromium_run --window-size=1200,1600 --screenshot="$B/$name.png" \
      "file://$B/$name.html" >/dev/null)
    stats=$(python3 tests/png_stats.py "$B/$name.png" 2>&1)
    read -r w h permille colours <<<"$stats"
    if [[ $w == 1200 && $h == 1600 && ${permille:-0} -gt 10 && ${colours:-0} -ge 8 ]]; then
      record_pass "i14_navigateur_capture_$name"
    else
      record_fail "i14_navigateur_capture_$name" "capture vide ou illisible : $stats"
    fi
    [[ -n $UPDATE && -s $B/$name.png ]] && mkdir -p docs/img && cp "$B/$name.png" "docs/img/releve_$name.png"
    # the DOM text: every euro of the text report
    chromium_run --dump-dom "file://$B/$name.html" >"$B/$name.dom"
    missing=$(euros "$B/$name.txt" | while IFS= read -r e; do
      grep -Fq "$e" "$B/$name.dom" || printf '%s ; ' "$e"
    done)
    if [[ -s $B/$name.dom && -z $missing && -n $(euros "$B/$name.txt") ]]; then
      record_pass "i14_navigateur_dom_$name"
    else
      record_fail "i14_navigateur_dom_$name" "absents du DOM : ${missing:-DOM vide}"
    fi
    # the PDF
    "$CIBLE" "$cmd" "examples/$name.cible" --format pdf -o "$B/$name.pdf" 2>/dev/null
    pdftotext -layout "$B/$name.pdf" "$B/$name.pdf.txt" 2>/dev/null
    if [[ $name == cafe_cpts ]]; then
      want=("5 583,33 €" "Atteinte globale : 55,83 %")
    else
      # every payment date of the text report
      mapfile -t want < <(grep -o '^[0-9][0-9]/[0-9][0-9]/[0-9]\{4\}' "$B/$name.txt" | sort -u)
      want+=("à déterminer")
    fi
    missing=""
    for e in "${want[@]}"; do
      grep -Fq "$e" "$B/$name.pdf.txt" 2>/dev/null || missing+="$e ; "
    done
    if [[ -z $missing && ${#want[@]} -gt 1 ]]; then
      record_pass "i14_navigateur_pdf_$name"
    else
      record_fail "i14_navigateur_pdf_$name" "absents du PDF : $missing"
    fi
  done
  rm -rf "$B/profil"
fi
true
