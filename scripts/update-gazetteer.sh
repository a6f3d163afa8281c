#!/usr/bin/env bash
# Keep a gazetteer current from a script: start from the bundled copy, import a GeoNames
# dump (a file, or downloaded when DUMP is "fetch"), apply local fixes, then validate.
#
#   scripts/update-gazetteer.sh GAZETTEER_DIR DUMP PATCH
#
# Every step records its source and date in GAZETTEER_DIR/changes.tsv; each write keeps the
# previous places.tsv as places.tsv.bak (`frontline gazetteer undo` restores it).
set -euo pipefail
FRONTLINE=${FRONTLINE:-frontline}
G=${1:?usage: $0 GAZETTEER_DIR DUMP|fetch PATCH}
DUMP=${2:?usage: $0 GAZETTEER_DIR DUMP|fetch PATCH}
PATCH=${3:?usage: $0 GAZETTEER_DIR DUMP|fetch PATCH}

[ -f "$G/places.tsv" ] || "$FRONTLINE" gazetteer init "$G"
cp "$G/places.tsv" "$G/places.before.tsv"
if [ "$DUMP" = fetch ]; then
  "$FRONTLINE" gazetteer fetch --country SY --gazetteer "$G"
else
  "$FRONTLINE" gazetteer import "$DUMP" --format geonames --gazetteer "$G"
fi
"$FRONTLINE" gazetteer apply "$PATCH" --gazetteer "$G"
"$FRONTLINE" gazetteer validate --gazetteer "$G"
mkdir -p "$G/.diff-old" && mv "$G/places.before.tsv" "$G/.diff-old/places.tsv"
"$FRONTLINE" gazetteer diff "$G/.diff-old" "$G" || true
rm -r "$G/.diff-old"
