# tests/i10_io.sh: every write of a report is checked (issue 10, item 11).
#
# Sourced by tests/extra.sh (same variables and record_pass / record_fail).
# A report larger than stdio's buffer written to /dev/full, or to a pipe whose
# reader has gone with SIGPIPE ignored, must end with status 2 and a French
# message on stderr, for every command that writes one; never status 0 with a
# truncated output.

IO=$X/i10_io
mkdir -p "$IO"

# A contract of 1000 indicators: its eval report (texte, json), its consolide
# and its fmt are all far larger than the 4 KiB of stdio's buffer, and larger
# than the 64 KiB of a pipe for the closed-pipe case.
{
  echo 'contrat i10_gros "Gros contrat" {'
  echo '  periode 2020'
  echo '  atteinte proportionnelle'
  for i in $(seq 1 1000); do
    printf '  indicateur ind_%d "Indicateur numéro %d, libellé assez long pour grossir le rapport" {\n' "$i" "$i"
    echo '    sens croissant'
    echo '    objectif 2020 : 100'
    echo '  }'
  done
  echo '}'
} >"$IO/gros.cible"
{
  echo "contrat;indicateur;periode;valeur"
  for i in $(seq 1 1000); do echo "i10_gros;ind_$i;2020;$((i % 150))"; done
} >"$IO/gros.csv"

# io_full NAME ARGS…: cible ARGS… >/dev/full must end with status 2 and say
# "plus de place sur le disque" (no English strerror text).
io_full() {
  local name=$1 rc
  shift
  "$CIBLE" "$@" >/dev/full 2>"$IO/$name.err"
  rc=$?
  if ((rc == 2)) && grep -Fq "écriture impossible sur la sortie standard : plus de place sur le disque" "$IO/$name.err" &&
    ! grep -q "No space" "$IO/$name.err"; then
    record_pass "$name"
  else
    record_fail "$name" "statut $rc : $(head -c 300 "$IO/$name.err")"
  fi
}

# io_pipe NAME ARGS…: cible ARGS… | head -c 1 with SIGPIPE ignored must end
# with status 2 and say the pipe was closed. The output is larger than a
# pipe's buffer, so cible is still writing when head leaves.
io_pipe() {
  local name=$1 rc
  shift
  rc=$( (
    trap '' PIPE
    "$CIBLE" "$@" 2>"$IO/$name.err" | head -c 1 >/dev/null
    echo "${PIPESTATUS[0]}"
  ))
  if [[ $rc == 2 ]] && grep -Fq "la sortie a été fermée avant la fin (tube rompu)" "$IO/$name.err"; then
    record_pass "$name"
  else
    record_fail "$name" "statut $rc : $(head -c 300 "$IO/$name.err")"
  fi
}

# the outputs are large enough for the test to mean something
size=$("$CIBLE" eval --format json "$IO/gros.cible" --mesures "$IO/gros.csv" 2>/dev/null | wc -c)
if ((size > 200000)); then
  record_pass i10_io_rapport_gros
else
  record_fail i10_io_rapport_gros "rapport JSON de $size octets seulement"
fi

io_full i10_io_full_eval_json eval --format json "$IO/gros.cible" --mesures "$IO/gros.csv"
io_full i10_io_full_eval_texte eval "$IO/gros.cible" --mesures "$IO/gros.csv"
io_full i10_io_full_explain eval examples/cafe_cpts.cible --explain cafe_cpts
io_full i10_io_full_echeancier echeancier --stdlib stdlib --format csv examples/cpts_echeancier.cible
io_full i10_io_full_consolide consolide examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible
io_full i10_io_full_fmt fmt "$IO/gros.cible"
io_full i10_io_full_diff diff examples/cafe_cpts.cible -- examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible
io_full i10_io_full_test test examples/cafe_cpts.cible
io_full i10_io_full_help --help
io_full i10_io_full_version --version

io_pipe i10_io_pipe_eval_json eval --format json "$IO/gros.cible" --mesures "$IO/gros.csv"
io_pipe i10_io_pipe_fmt fmt "$IO/gros.cible"
io_pipe i10_io_pipe_consolide consolide "$IO/gros.cible"

# a stdout never written to may be closed: check has nothing to say there
"$CIBLE" check examples/cafe_cpts.cible >&- 2>"$IO/ferme.err"
rc=$?
if ((rc == 0)); then
  record_pass i10_io_check_stdout_ferme
else
  record_fail i10_io_check_stdout_ferme "statut $rc : $(head -c 300 "$IO/ferme.err")"
fi
true
