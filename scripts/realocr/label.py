#!/usr/bin/env python3
"""Writes ocrmend's gold for Tesseract's reading of rendered pages.

For every page `NAME.png` with its truth (`NAME.truth.json`, from render.py)
and Tesseract's outputs (`NAME.txt`, `NAME.hocr`, `NAME.xml` for ALTO), each
OCR line is matched to the printed line it covers most (boxes, from hOCR and
ALTO; the text output's blocks are hOCR's paragraphs in the same order, which
is checked). A block then knows which printed paragraphs and lines it holds,
and the gold follows (`text/NAME.gold.json`, `hocr/…`, `alto/…`: ocrmend's eval
format, one folder a set):

- a seam is a join when the block after it starts in the paragraph the block
  before it ends in, on a later line (a column cut, or Tesseract's own split);
- a block that continues a paragraph ended by a block it does not follow is
  displaced (a caption, a headline or noise stands between the halves);
- roles are the printed lines' (noise read from a photo is furniture);
- a body block that ends a paragraph cut by the page's end is truncated at its
  end; one that starts an article begun on another page, at its start;
- the paragraphs, as printed, are the text a perfect repair gives;
- every line-end hyphen Tesseract kept inside a block, with its kind (soft:
  to be closed up; compound: kept), and every soft break whose hyphen it lost;
- a CJK character Tesseract dropped at a joined seam (the printed line's last
  or the next one's first, when the OCR line has its neighbours and not it).

    python3 scripts/realocr/label.py build/realocr/en
"""

import argparse
from collections import Counter
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

FORMATS = ("txt", "hocr", "xml")
# What OCR reads off specks at a line's end (as ocrmend's repair::words::is_speck).
SPECKS = " \t.©|~_:’‘”“'\",*=¢"
# The folder each format's gold goes to, so that `ocrmend eval SPLIT/alto` is one set.
FOLDER = {"txt": "text", "hocr": "hocr", "xml": "alto"}


def bbox_of(title):
    m = re.search(r"bbox (\d+) (\d+) (\d+) (\d+)", title or "")
    return [int(v) for v in m.groups()] if m else None


def local(tag):
    return tag.rsplit("}", 1)[-1]


def hocr_blocks(path):
    """(id, [(text, bbox)]) of every ocr_par with text, in document order."""
    root = ET.parse(path).getroot()
    blocks = []
    for par in root.iter():
        if par.get("class") != "ocr_par":
            continue
        lines = []
        for line in par.iter():
            cls = line.get("class") or ""
            if cls in ("ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"):
                words = [("".join(w.itertext())).strip() for w in line.iter() if w.get("class") == "ocrx_word"]
                text = " ".join(w for w in words if w)
                if text:
                    lines.append((text, bbox_of(line.get("title"))))
        if lines:
            blocks.append((par.get("id"), lines))
    return blocks


def alto_blocks(path):
    root = ET.parse(path).getroot()
    blocks = []
    for block in root.iter():
        if local(block.tag) != "TextBlock":
            continue
        lines = []
        for line in block:
            if local(line.tag) != "TextLine":
                continue
            words = [s.get("CONTENT", "") for s in line if local(s.tag) == "String"]
            text = " ".join(w for w in words if w)
            if text:
                x, y = int(float(line.get("HPOS"))), int(float(line.get("VPOS")))
                w, h = int(float(line.get("WIDTH"))), int(float(line.get("HEIGHT")))
                lines.append((text, [x, y, x + w, y + h]))
        if lines:
            blocks.append((block.get("ID"), lines))
    return blocks


def text_blocks(path, hocr):
    """The text output's blocks, each given its hOCR paragraph's line boxes."""
    text = path.read_text(encoding="utf-8").replace("\f", "")
    chunks = [c for c in re.split(r"\n[ \t]*\n", text) if c.strip()]
    fold = lambda s: re.sub(r"\s+", "", s)
    if len(chunks) != len(hocr) or any(fold(c) != fold(" ".join(t for t, _ in b[1])) for c, b in zip(chunks, hocr)):
        return None
    blocks = []
    for i, (chunk, (_, lines)) in enumerate(zip(chunks, hocr)):
        blocks.append((f"b{i}", lines))
    return blocks


def overlap(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0, w) * max(0, h)


class Truth:
    def __init__(self, truth):
        self.t = truth
        self.lines = truth["lines"]
        self.paras = {p["id"]: p for p in truth["paragraphs"]}
        self.index_in_para = {}
        for p in truth["paragraphs"]:
            for k, lid in enumerate(p["lines"]):
                self.index_in_para[lid] = k
        self.by_id = {l["id"]: l for l in self.lines}

    def match(self, box, text=""):
        """The printed line an OCR line covers most, and whether it also covers another paragraph's.

        On rough print specks swell an OCR line's box over two printed lines;
        of the lines it covers by a fifth of its area or more, the one whose
        text it reads (`shared`) is then taken, if it reads clearly more of
        that one than of the line its box covers most."""
        area = max(1, (box[2] - box[0]) * (box[3] - box[1]))
        scored = []
        for line in self.lines:
            o = overlap(box, line["bbox"])
            if o > 0:
                scored.append((o, line["id"]))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < 0.2 * area:
            return None, False
        best = self.by_id[scored[0][1]]
        if text:
            covered = [self.by_id[lid] for o, lid in scored if o >= 0.2 * area]
            read = max(covered, key=lambda l: shared(text, l["text"]))
            if shared(text, read["text"]) >= shared(text, best["text"]) + 2:
                best = read
        mixed = any(
            o > 0.2 * area and self.by_id[lid]["para"] != best["para"] and abs(
                self.by_id[lid]["bbox"][1] - best["bbox"][1]) < 10
            for o, lid in scored[1:]
        )
        return best, mixed


def units(text):
    """What `shared` counts: CJK characters, and Latin letter pairs within a word."""
    pairs = (w[k:k + 2] for w in re.findall(r"[a-z]+", text.lower()) for k in range(len(w) - 1))
    return Counter(c for c in text if is_cjk(c)) + Counter(pairs)


def shared(ocr, printed):
    """How many units of the OCR text the printed line also has (each as often as both have it)."""
    return sum((units(ocr) & units(printed)).values())


def is_cjk(c):
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def lost_at_seam(printed_left, ocr_left, printed_right, ocr_right):
    """The CJK character Tesseract dropped where a column break cut a line
    pair: the printed line's last (or the next one's first) character, when
    the OCR line has the two before (after) it and not it."""
    ocr_left = re.sub(r"\s+", "", ocr_left)
    ocr_right = re.sub(r"\s+", "", ocr_right)
    pl, pr = printed_left.strip(), printed_right.strip()
    if len(pl) >= 3 and is_cjk(pl[-1]) and ocr_left.endswith(pl[-3:-1]) and not ocr_left.endswith(pl[-1]):
        return pl[-1]
    if len(pr) >= 3 and is_cjk(pr[0]) and ocr_right.startswith(pr[1:3]) and not ocr_right.startswith(pr[0]):
        return pr[0]
    return None


def gold_for(name, fmt, blocks, truth):
    labels = []  # per block: list of matched truth lines (None for noise)
    mixed_lines = 0
    for _, lines in blocks:
        matched = []
        for text, box in lines:
            line, mixed = truth.match(box, text) if box else (None, False)
            mixed_lines += mixed
            matched.append(line)
        labels.append(matched)
    ids = [b[0] for b in blocks]
    roles = {}
    for bid, matched in zip(ids, labels):
        real = [l for l in matched if l]
        if not real:
            roles[bid] = "furniture"
            continue
        counts = {}
        for l in real:
            counts[l["role"]] = counts.get(l["role"], 0) + 1
        role = max(sorted(counts), key=lambda r: counts[r])
        if role != "body":
            roles[bid] = role

    def ends(matched):
        real = [l for l in matched if l]
        return (real[0], real[-1]) if real else (None, None)

    joins, displaced, lost = [], [], []
    last_of = {}  # paragraph -> (block index, line index) of the latest block ending in it
    for i in range(len(blocks)):
        first, last = ends(labels[i])
        if first is not None:
            prev = ends(labels[i - 1])[1] if i > 0 else None
            continues = (
                prev is not None and prev["para"] == first["para"]
                and truth.index_in_para[first["id"]] > truth.index_in_para[prev["id"]]
            )
            if continues and roles.get(ids[i - 1], "body") == roles.get(ids[i], "body"):
                joins.append(ids[i - 1])
                if truth.index_in_para[first["id"]] == truth.index_in_para[prev["id"]] + 1:
                    left_text = [t for (t, _), l in zip(blocks[i - 1][1], labels[i - 1]) if l][-1]
                    right_text = [t for (t, _), l in zip(blocks[i][1], labels[i]) if l][0]
                    c = lost_at_seam(prev["text"], left_text, first["text"], right_text)
                    if c:
                        lost.append({"after": ids[i - 1], "character": c})
            elif first["para"] in last_of and truth.index_in_para[first["id"]] > last_of[first["para"]][1] \
                    and truth.paras[first["para"]]["role"] == "body":
                displaced.append({"block": ids[i], "continues": ids[last_of[first["para"]][0]]})
        if last is not None:
            last_of[last["para"]] = (i, truth.index_in_para[last["id"]])

    truncated_end, truncated_start = [], []
    starts_mid = {a["article"] for a in truth.t["articles"] if a["starts_mid"]}
    first_body = {}
    for p in truth.t["paragraphs"]:
        if p["role"] == "body" and p["article"] not in first_body:
            first_body[p["article"]] = p["id"]
    for i, bid in enumerate(ids):
        first, last = ends(labels[i])
        if last is None or roles.get(bid, "body") != "body":
            continue
        lp = truth.paras[last["para"]]
        if lp.get("truncated") and truth.index_in_para[last["id"]] == len(lp["lines"]) - 1:
            truncated_end.append(bid)
        fp = truth.paras[first["para"]]
        if fp["article"] in starts_mid and first_body.get(fp["article"]) == fp["id"] and truth.index_in_para[first["id"]] == 0:
            truncated_start.append(bid)

    # Line-end hyphens inside blocks: what Tesseract read at the end of a line
    # whose printed line ends with a hyphen of known kind.
    hyphens = []
    for bid, (_, lines), matched in zip(ids, blocks, labels):
        for k in range(len(lines) - 1):
            line, nxt = matched[k], matched[k + 1]
            if not line or not nxt or "hyphen" not in line:
                continue
            if nxt["para"] != line["para"] or truth.index_in_para[nxt["id"]] != truth.index_in_para[line["id"]] + 1:
                continue
            text = lines[k][0]
            hyphens.append({
                "block": bid,
                "line": k,
                "word": line["hyphen"]["word"].strip(",.;:!?\"'()"),
                "kind": line["hyphen"]["kind"],
                # Specks after the hyphen (`per-. ©`) do not lose it.
                "ocr_kept_hyphen": text.rstrip(SPECKS).endswith(("-", "—", "–", "¬", "\u00ad")),
            })

    paragraphs = [p["text"] for p in truth.t["paragraphs"]]
    gold = {
        "schema_version": 1,
        "input": f"../{name}.{fmt}",
        "roles": roles,
        "joins": joins,
        "truncated_end": truncated_end,
        "truncated_start": truncated_start,
        "displaced": displaced,
        "lost_characters": lost,
        "paragraphs": paragraphs,
        "hyphens": hyphens,
        "condition": f"degradation {truth.t['degradation']}",
    }
    return gold, mixed_lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", type=Path)
    args = ap.parse_args()
    for d in args.dirs:
        stats = {"pages": 0, "skipped": 0, "mixed_lines": 0}
        for truth_path in sorted(d.glob("*.truth.json")):
            name = truth_path.name[: -len(".truth.json")]
            if not (d / f"{name}.hocr").exists():
                continue
            truth = Truth(json.loads(truth_path.read_text(encoding="utf-8")))
            hocr = hocr_blocks(d / f"{name}.hocr")
            if not hocr:
                print(f"{name}: Tesseract read no text; skipped", file=sys.stderr)
                stats["no_text"] = stats.get("no_text", 0) + 1
                for fmt in FORMATS:
                    (d / FOLDER[fmt] / f"{name}.gold.json").unlink(missing_ok=True)
                continue
            per_format = {"hocr": hocr, "xml": alto_blocks(d / f"{name}.xml"), "txt": text_blocks(d / f"{name}.txt", hocr)}
            if per_format["txt"] is None:
                print(f"{name}: the text output's blocks are not hOCR's paragraphs; skipped", file=sys.stderr)
                stats["skipped"] += 1
                continue
            for fmt in FORMATS:
                gold, mixed = gold_for(name, fmt, per_format[fmt], truth)
                (d / FOLDER[fmt]).mkdir(exist_ok=True)
                (d / FOLDER[fmt] / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
            stats["pages"] += 1
            stats["mixed_lines"] += mixed
        print(f"{d}: {stats}", file=sys.stderr)


if __name__ == "__main__":
    main()
