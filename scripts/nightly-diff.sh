#!/usr/bin/env bash
# The nightly's verdict for one browser source and profile: the merged findings diffed against the committed
# reference measured from the same source (never another: the two sources' outcomes differ by build). Writes the
# diff to the job summary (and diff.md, diff.html beside the merged findings) and exits as `npm run diff` does.
# Needs SOURCE (playwright | distribution), PROFILE (quick | full), WSLAB_REPORTS_DIR (where the merge wrote).
set -uo pipefail
cd "$(dirname "$0")/.."

sub=$([ "$PROFILE" = full ] && echo /full || echo)
reference="reports$sub/findings.json"
merged="$WSLAB_REPORTS_DIR$sub/findings.json"
summary="${GITHUB_STEP_SUMMARY:-/dev/stdout}"

note() {
  echo "::warning::$1"
  printf '## %s build · %s profile\n\n⚠ %s\n' "$SOURCE" "$PROFILE" "$1" >>"$summary"
}

if [ ! -f "$merged" ]; then
  echo "::error::no merged findings at $merged: did every shard fail before measuring?"
  exit 2
fi
if [ ! -f "$reference" ]; then
  note "no committed reference at $reference: nothing to compare this run with."
  exit 0
fi
sources=$(node -p "[...new Set(require('./$reference').findings.map(f => f.source))].join(',')")
if [ "$sources" != "$SOURCE" ]; then
  note "the committed reference $reference was measured with the $sources browser(s), this run with the $SOURCE ones: not compared, so sources stay apart. Record a $SOURCE reference to check this source."
  exit 0
fi

out="$WSLAB_REPORTS_DIR$sub"
npm run --silent diff -- "$reference" "$merged" --html "$out/diff.html" >"$out/diff.md" 2>"$out/diff.err"
status=$?
{
  printf '## %s build · %s profile\n\n' "$SOURCE" "$PROFILE"
  cat "$out/diff.md"
  # A reference or merge the diff cannot read (exit 2) says why, readably.
  [ -s "$out/diff.err" ] && printf '\n```text\n%s\n```\n' "$(cat "$out/diff.err")"
} >>"$summary"
cat "$out/diff.md" "$out/diff.err"
exit $status
