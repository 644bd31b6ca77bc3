# tests/i10_fmt_w.sh: cible fmt -w preserves what it must (issue 10, item 12).
#
# Sourced by tests/extra.sh (same variables and record_pass / record_fail).
# Each case works on fresh copies of tests/golden/fmt_desordre.cible (not
# canonical) in a scratch directory:
#   symbolic link      the link stays a link, the file it leads to is formatted
#   owner and group    kept (as root: a file of nobody:nogroup; skipped otherwise)
#   mode               kept (0640)
#   hard link          refused, status 2: both names keep the same (old) text
#   read-only (0444)   refused, status 2, file untouched
#   concurrent edit    an edit made while fmt -w runs is kept: refused, status 2
#   SIGTERM            the temporary file is removed, the original untouched
#   long name          a 250-character name is rewritten
# and no temporary file is ever left behind.

FW=$X/i10_fmt_w
rm -rf "$FW"
mkdir -p "$FW"
SRC=tests/golden/fmt_desordre.cible
"$CIBLE" fmt "$SRC" >"$FW/canonical" 2>/dev/null

# fw_ok NAME COND MESSAGE: record COND (a bash test already evaluated: 0 or 1).
fw_ok() {
  if (($2 == 0)); then record_pass "$1"; else record_fail "$1" "$3"; fi
}

# no temporary file left in a directory
fw_no_tmp() {
  [[ -z $(find "$1" -name '.cible-fmt-*' -o -name '*.fmt-*') ]]
}

# symbolic link: relative, into another directory
mkdir -p "$FW/cible_dir" "$FW/lien_dir"
cp "$SRC" "$FW/cible_dir/vrai.cible"
ln -s ../cible_dir/vrai.cible "$FW/lien_dir/lien.cible"
"$CIBLE" fmt -w "$FW/lien_dir/lien.cible" >/dev/null 2>"$FW/lien.err"
rc=$?
[[ $rc == 0 && -L $FW/lien_dir/lien.cible && $(readlink "$FW/lien_dir/lien.cible") == ../cible_dir/vrai.cible ]] &&
  cmp -s "$FW/cible_dir/vrai.cible" "$FW/canonical" && fw_no_tmp "$FW"
fw_ok i10_fmt_w_lien_symbolique $? "statut $rc, lien $(ls -l "$FW/lien_dir/lien.cible"), $(head -c 200 "$FW/lien.err")"

# mode kept
cp "$SRC" "$FW/mode.cible"
chmod 640 "$FW/mode.cible"
"$CIBLE" fmt -w "$FW/mode.cible" >/dev/null 2>&1
rc=$?
[[ $rc == 0 && $(stat -c %a "$FW/mode.cible") == 640 ]] && cmp -s "$FW/mode.cible" "$FW/canonical"
fw_ok i10_fmt_w_droits $? "statut $rc, droits $(stat -c %a "$FW/mode.cible")"

# owner and group kept (root only: chown to another user)
if [[ $(id -u) == 0 ]] && getent passwd nobody >/dev/null; then
  cp "$SRC" "$FW/autre.cible"
  grp=$(id -gn nobody)
  chown "nobody:$grp" "$FW/autre.cible"
  "$CIBLE" fmt -w "$FW/autre.cible" >/dev/null 2>&1
  rc=$?
  [[ $rc == 0 && $(stat -c %U:%G "$FW/autre.cible") == "nobody:$grp" ]] && cmp -s "$FW/autre.cible" "$FW/canonical"
  fw_ok i10_fmt_w_proprietaire $? "statut $rc, propriétaire $(stat -c %U:%G "$FW/autre.cible")"
fi

# hard link: refused, both names unchanged and still one file
cp "$SRC" "$FW/dur1.cible"
ln "$FW/dur1.cible" "$FW/dur2.cible"
"$CIBLE" fmt -w "$FW/dur1.cible" >/dev/null 2>"$FW/dur.err"
rc=$?
[[ $rc == 2 && "$FW/dur1.cible" -ef "$FW/dur2.cible" ]] && cmp -s "$FW/dur1.cible" "$SRC" &&
  grep -Fq "plusieurs liens physiques" "$FW/dur.err" && fw_no_tmp "$FW"
fw_ok i10_fmt_w_lien_physique $? "statut $rc, $(head -c 200 "$FW/dur.err")"

# read-only: refused even as root
cp "$SRC" "$FW/lecture.cible"
chmod 444 "$FW/lecture.cible"
"$CIBLE" fmt -w "$FW/lecture.cible" >/dev/null 2>"$FW/lecture.err"
rc=$?
[[ $rc == 2 && $(stat -c %a "$FW/lecture.cible") == 444 ]] && cmp -s "$FW/lecture.cible" "$SRC" &&
  grep -Fq "lecture seule" "$FW/lecture.err" && fw_no_tmp "$FW"
fw_ok i10_fmt_w_lecture_seule $? "statut $rc, $(head -c 200 "$FW/lecture.err")"
chmod 644 "$FW/lecture.cible"

# an edit made while fmt -w runs (held by the test hook once the temporary
# file is written) is kept, and fmt -w says it did nothing
cp "$SRC" "$FW/edite.cible"
rm -f "$FW/fifo"
mkfifo "$FW/fifo"
CIBLE_FMT_TEST_WAIT=$FW/fifo "$CIBLE" fmt -w "$FW/edite.cible" >/dev/null 2>"$FW/edite.err" &
pid=$!
# wait until the temporary file exists (fmt -w is then held by the hook)
for _ in $(seq 1 200); do
  [[ -n $(find "$FW" -maxdepth 1 -name '.cible-fmt-*') ]] && break
  sleep 0.05
done
echo '# modification faite pendant cible fmt -w' >>"$FW/edite.cible"
# (a run that never opens the FIFO must not hang the suite)
timeout 10 sh -c 'echo x >"$1"' sh "$FW/fifo"
wait "$pid"
rc=$?
[[ $rc == 2 ]] && grep -Fq "modification faite pendant" "$FW/edite.cible" &&
  grep -Fq "modifié pendant la mise en forme" "$FW/edite.err" && fw_no_tmp "$FW"
fw_ok i10_fmt_w_modifie_pendant $? "statut $rc, $(head -c 200 "$FW/edite.err")"

# SIGTERM while the temporary file exists: removed, original intact
cp "$SRC" "$FW/signal.cible"
CIBLE_FMT_TEST_WAIT=$FW/fifo "$CIBLE" fmt -w "$FW/signal.cible" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  [[ -n $(find "$FW" -maxdepth 1 -name '.cible-fmt-*') ]] && break
  sleep 0.05
done
had_tmp=$(find "$FW" -maxdepth 1 -name '.cible-fmt-*' | wc -l)
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
[[ $had_tmp == 1 && $rc == 143 ]] && cmp -s "$FW/signal.cible" "$SRC" && fw_no_tmp "$FW"
fw_ok i10_fmt_w_signal $? "statut $rc, fichier temporaire avant le signal : $had_tmp, après : $(find "$FW" -name '.cible-fmt-*')"

# a 250-character name (the longest names leave no room for a long temporary name)
long=$(printf 'n%.0s' $(seq 1 244)).cible
cp "$SRC" "$FW/$long"
"$CIBLE" fmt -w "$FW/$long" >/dev/null 2>"$FW/long.err"
rc=$?
[[ $rc == 0 ]] && cmp -s "$FW/$long" "$FW/canonical" && fw_no_tmp "$FW"
fw_ok i10_fmt_w_nom_long $? "statut $rc, $(head -c 200 "$FW/long.err")"

# a dangling symbolic link: status 2, nothing created
ln -s absent.cible "$FW/pendant.cible"
"$CIBLE" fmt -w "$FW/pendant.cible" >/dev/null 2>"$FW/pendant.err"
rc=$?
[[ $rc == 2 && ! -e $FW/absent.cible ]] && fw_no_tmp "$FW"
fw_ok i10_fmt_w_lien_casse $? "statut $rc, $(head -c 200 "$FW/pendant.err")"
true
