#!/usr/bin/env bash
# Makes assets/fonts/DejaVuSans{,-Bold}-Latin.ttf: DejaVu Sans (package dejavu-fonts-ttf) cut to the
# characters in LATIN_RANGES of src/visualize/fonts.ts. resvg parses every font it is given on every PNG;
# the cut font parses in a quarter of the time and draws those characters pixel for pixel alike (tested in
# test/visualize/fonts.test.ts). Text with any other character is drawn with the whole font.
#
# Needs fontTools (Debian: apt-get install python3-fonttools). Keep RANGES equal to LATIN_RANGES.
set -euo pipefail
cd "$(dirname "$0")/.."
RANGES="U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+2190-2193,U+20AC,U+2122,U+2212,U+221E,U+2248,U+2264-2265"
for face in DejaVuSans DejaVuSans-Bold; do
  /usr/bin/python3 -m fontTools.subset "node_modules/dejavu-fonts-ttf/ttf/$face.ttf" \
    --unicodes="$RANGES" --layout-features='*' --name-IDs='*' --name-languages='*' --glyph-names \
    --legacy-kern --notdef-outline --output-file="assets/fonts/$face-Latin.ttf"
done
cp node_modules/dejavu-fonts-ttf/LICENSE assets/fonts/LICENSE
