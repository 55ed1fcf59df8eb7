#!/usr/bin/env bash
# Fits what a confidence means for the edit kinds whose scores real OCR
# belies (moves of displaced fragments, lost characters, joins across a
# caption): every edit of theirs that the gold judges on the real-OCR train
# split (built by scripts/realocr/build.sh, all three formats, both
# languages) and on simulated pages of seed 11, scored with the model's
# calibration set aside; and, for joins, their suggestions (scored below the
# safe threshold, 0.95: an applied join keeps the seam model's score);
# isotonic, by `ocrmend eval --fit-calibration`. Writes the shipped model
# with that calibration to OUT; the dev and test splits are never read
# (check a fit with `ocrmend eval --model OUT --reliability`). With KINDS
# named, only their maps are fitted, and the shipped model's others kept.
#   scripts/fit-calibration.sh [BUILD=build/realocr] [OUT=target/decision-model.json] [KIND...]
set -euo pipefail
build=${1:-build/realocr}
out=${2:-target/decision-model.json}
shift $(( $# < 2 ? $# : 2 ))
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(move_fragment insert_lost_character join_across join_paragraphs)
work=target/fit-calibration
# Never over the shipped model it copies (nor over what is not a file), as
# the other fitting scripts: a new fit is tried before it is copied there.
python3 -c 'import sys; sys.path.insert(0, "scripts"); from fit_output import refuse_input_as_output as r; r("fit-calibration.sh", sys.argv[1], ["crates/ocrmend/data/decision-model.json"])' "$out"
. scripts/fit-sets.sh
rm -f "$work/calibration.json"
args=()
for kind in "${kinds[@]}"; do
  case $kind in
    join_paragraphs) args+=(--calibrate-suggestions "$kind") ;;
    *) args+=(--calibrate "$kind") ;;
  esac
done
$bin eval $(fit_sets train 11) --fit-calibration "$work/calibration.json" "${args[@]}" > /dev/null
python3 - "$work/calibration.json" "$out" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'PY'
# The shipped file is laid out by hand: its text is kept as it is, and the
# calibration (its last key) replaced or appended, one map a line. Kinds
# not fitted now keep their shipped maps, and `made` says which is which.
import json, sys
calibration = json.load(open(sys.argv[1]))
calibration["made"] += f" (at commit {sys.argv[3]})"
text = open("crates/ocrmend/data/decision-model.json").read()
shipped = json.loads(text).get("calibration", {"made": "", "kinds": {}})
kept = {k: m for k, m in shipped["kinds"].items() if k not in calibration["kinds"]}
if kept:
    # `made` per kind, as `KIND, KIND: how` parts joined by ` | ` (a `made`
    # without parts says how every shipped kind was made).
    def how(made, kinds):
        parts = [p.split(": ", 1) for p in made.split(" | ")]
        if all(len(p) == 2 and set(p[0].split(", ")) <= set(kinds) for p in parts):
            return {k: h for names, h in parts for k in names.split(", ")}
        return {k: made for k in kinds}
    made = {**how(shipped["made"], shipped["kinds"]), **{k: calibration["made"] for k in calibration["kinds"]}}
    groups = {}
    for kind, h in made.items():
        groups.setdefault(h, []).append(kind)
    calibration["made"] = " | ".join(f"{', '.join(kinds)}: {h}" for h, kinds in groups.items())
    calibration["kinds"] = {**kept, **calibration["kinds"]}
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
