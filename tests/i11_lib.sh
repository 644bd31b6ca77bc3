# tests/i11_lib.sh: the library as a program that embeds it sees it (issue 11,
# item 5).
#
# Sourced by tests/extra.sh (same variables and record_pass / record_fail).
# Installs the build under test into a scratch prefix (make install
# PREFIX=…), then checks what is installed: the files, the symbols the
# shared library exports (the cible_* API only), a header that stands alone,
# and examples/embed/embarquer.c compiled with pkg-config against the
# installed files and run twice, linked with the shared library
# (LD_LIBRARY_PATH) and with the static one; what it prints must equal
# examples/embed/attendu.json (rewritten under UPDATE). Last, make uninstall
# leaves nothing behind. The installed library is this BUILD's: under make
# check it is built with the sanitizers, and its cible.pc then adds them to
# Libs (Makefile), so the example links and runs under them too.

L=$X/i11_lib
P=$L/prefix
mkdir -p "$L"
# BUILD as the Makefile names it (relative to the repository when below it),
# so that the install finds the files made and remakes nothing
lib_build=${BUILD#"$ROOT"/}
lib_make() {
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -C "$ROOT" \
    BUILD="$lib_build" PREFIX="$P" "$@"
}

if lib_make install >"$L/install.log" 2>&1; then
  missing=
  for f in bin/cible lib/libcible.a lib/libcible.so lib/libcible.so.0 include/cible.h \
           lib/pkgconfig/cible.pc share/cible/stdlib share/doc/cible/bibliotheque.md; do
    [[ -e $P/$f ]] || missing="$missing $f"
  done
  if [[ -n $missing ]]; then
    record_fail i11_lib_install "absents après make install :$missing"
  elif [[ $(readlink "$P/lib/libcible.so") != libcible.so.0 ]] ||
       ! readelf -d "$P/lib/libcible.so" | grep -Fq '[libcible.so.0]'; then
    record_fail i11_lib_install "libcible.so ne mène pas à libcible.so.0, ou soname erroné"
  else
    record_pass i11_lib_install
  fi
else
  record_fail i11_lib_install "make install : $(tail -c 400 "$L/install.log")"
fi

# the shared library exports the public API and nothing else
others=$(nm -D --defined-only "$P/lib/libcible.so" 2>&1 |
  awk '$3 !~ /^cible_[a-z_]*@@CIBLE_0$/ && $3 != "CIBLE_0" { print $3 }' | head -n 5)
napi=$(nm -D --defined-only "$P/lib/libcible.so" 2>/dev/null | grep -c ' cible_')
if [[ -z $others && $napi -gt 20 ]]; then
  record_pass i11_lib_exports
else
  record_fail i11_lib_exports "symboles exportés hors de l'API : ${others:-aucun} ; cible_* : $napi"
fi

# the header includes only standard headers and compiles alone (C11, -pedantic)
incl=$(grep -E '^#include' "$P/include/cible.h" | grep -Ev '<(stddef|stdbool|stdint)\.h>')
if [[ -n $incl ]]; then
  record_fail i11_lib_header "cible.h inclut : $incl"
elif ! printf '#include <cible.h>\nint main(void) { return cible_version()[0] == 0; }\n' |
     ${CC:-cc} -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$P/include" -x c - \
       2>"$L/header.err"; then
  record_fail i11_lib_header "$(head -c 400 "$L/header.err")"
else
  record_pass i11_lib_header
fi

# embarquer.c against the installation, shared then static
want=examples/embed/attendu.json
lib_run() { # NAME: runs $L/NAME, stdout in $L/NAME.out
  "$L/$1" examples/cafe_cpts.cible examples/cafe_cpts_mesures_an2.csv \
    "$(PKG_CONFIG_PATH=$P/lib/pkgconfig pkg-config --variable=stdlibdir cible)" \
    >"$L/$1.out" 2>"$L/$1.err"
}
lib_embed() { # NAME LINK-FLAGS…: builds, checks, records
  local name=$1 rc
  shift
  if ! command -v pkg-config >/dev/null; then
    record_fail "$name" "pkg-config est introuvable (paquet Debian pkg-config)"
    return
  fi
  if ! ${CC:-cc} -std=c11 -Wall -Wextra -Werror -o "$L/$name" examples/embed/embarquer.c \
       "$@" >"$L/$name.cc" 2>&1; then
    record_fail "$name" "compilation : $(head -c 400 "$L/$name.cc")"
    return
  fi
  local needs=0
  readelf -d "$L/$name" | grep -Fq '[libcible.so.0]' && needs=1
  if [[ $name == *shared ]]; then
    ((needs)) || { record_fail "$name" "l'exemple ne dépend pas de libcible.so.0"; return; }
    LD_LIBRARY_PATH=$P/lib lib_run "$name"
  else
    ((needs)) && { record_fail "$name" "l'exemple statique dépend de libcible.so.0"; return; }
    lib_run "$name"
  fi
  rc=$?
  if [[ -n $UPDATE && $name == *shared && $rc == 0 ]]; then
    cp "$L/$name.out" "$want"
  fi
  if ((rc != 0)); then
    record_fail "$name" "statut $rc : $(head -c 400 "$L/$name.err")"
  elif ! diff -u "$want" "$L/$name.out" >"$L/$name.diff"; then
    record_fail "$name" "sortie différente de $want : $(head -c 600 "$L/$name.diff")"
  else
    record_pass "$name"
  fi
}
pc() { PKG_CONFIG_PATH=$P/lib/pkgconfig pkg-config "$@" cible; }
# shellcheck disable=SC2046 # pkg-config's flags are words
lib_embed i11_lib_embed_shared $(pc --cflags) $(pc --libs)
# -l:libcible.a: the archive, though the shared library is next to it
# shellcheck disable=SC2046
lib_embed i11_lib_embed_static $(pc --cflags) $(pc --static --libs | sed 's/-lcible\b/-l:libcible.a/')

if lib_make uninstall >"$L/uninstall.log" 2>&1 &&
   [[ -z $(find "$P" ! -type d | head -n 3) ]]; then
  record_pass i11_lib_uninstall
else
  record_fail i11_lib_uninstall "restent : $(find "$P" ! -type d | head -n 5 | tr '\n' ' ') $(tail -c 300 "$L/uninstall.log")"
fi
