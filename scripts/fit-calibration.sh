#!/usr/bin/env bash
# Fits what a confidence means for the edit kinds whose scores real OCR
# belies (moves of displaced fragments, lost characters): every edit of
# theirs that the gold judges on the real-OCR train split (built by
# scripts/realocr/build.sh, all three formats, both languages) and on
# simulated pages of seed 11, scored with the model's calibration set
# aside; isotonic, by `ocrmend eval --fit-calibration`. Writes the shipped
# model with that calibration to OUT; the dev and test splits are never
# read (check a fit with `ocrmend eval --model OUT --reliability`).
#   scripts/fit-calibration.sh [BUILD=build/realocr] [OUT=target/decision-model.json]
set -euo pipefail
build=${1:-build/realocr}
out=${2:-target/decision-model.json}
work=target/fit-calibration
# Never over the shipped model it copies (nor over what is not a file), as
# the other fitting scripts: a new fit is tried before it is copied there.
python3 -c 'import sys; sys.path.insert(0, "scripts"); from fit_output import refuse_input_as_output as r; r("fit-calibration.sh", sys.argv[1], ["crates/ocrmend/data/decision-model.json"])' "$out"
. scripts/fit-sets.sh
rm -f "$work/calibration.json"
$bin eval $(fit_sets train 11) --fit-calibration "$work/calibration.json" \
  --calibrate move_fragment --calibrate insert_lost_character --calibrate join_across > /dev/null
python3 - "$work/calibration.json" "$out" <<'PY'
# The shipped file is laid out by hand: its text is kept as it is, and the
# calibration (its last key) replaced or appended, one map a line.
import json, sys
calibration = json.load(open(sys.argv[1]))
text = open("crates/ocrmend/data/decision-model.json").read()
if '\n  "calibration":' in text:
    text = text[: text.index(',\n  "calibration":')] + "\n}\n"
lines = ['  "calibration": {', f'    "made": {json.dumps(calibration["made"], ensure_ascii=False)},', '    "kinds": {']
kinds = list(calibration["kinds"].items())
for i, (kind, maps) in enumerate(kinds):
    lines.append(f'      "{kind}": {{')
    for j, (stratum, m) in enumerate(maps.items()):
        comma = "," if j + 1 < len(maps) else ""
        lines.append(f'        "{stratum}": {json.dumps(m)}{comma}')
    lines.append("      }" + ("," if i + 1 < len(kinds) else ""))
lines += ["    }", "  }"]
body = text.rstrip()
assert body.endswith("}")
with open(sys.argv[2], "w") as f:
    f.write(body[:-1].rstrip() + ",\n" + "\n".join(lines) + "\n}\n")
json.load(open(sys.argv[2]))
PY
echo "wrote $out (calibration from $work/calibration.json)"
