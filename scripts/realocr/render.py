#!/usr/bin/env python3
"""Renders newspaper pages from clean text, with the truth of every line.

Part of the real-OCR development set (scripts/realocr/README.md): each page is
a PNG that Tesseract reads, and a truth file that says, for every printed
line, its box, its text, its paragraph and role, and how it ends (a soft or a
compound hyphen). Layouts: a running head, 3-6 columns in one or two bands,
articles with a headline across their columns, bylines, photos with
captions, paragraphs flowing from a column's foot to the next column's head,
articles that start or stop mid-sentence (continued from or on another page,
sometimes with a jump line). English is justified and hyphenated; Chinese
is set horizontally in narrow columns. Pages are degraded from clean (0) to
rough (3): blur, noise, fading, skew. Everything is drawn from one seed per
page, so a page is the same on every run.

    python3 scripts/realocr/render.py --lang en --pages 240 --seed 1 -o build/realocr/en
"""

import argparse
import json
import random
import re
from pathlib import Path

import numpy as np
import pyphen
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"

FONTS = {
    "en": {
        "body": [
            ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", 0),
            ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
            ("/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed.ttf", 0),
            ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", 0),
        ],
        "head": [
            ("/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf", 0),
            ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf", 0),
            ("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", 0),
        ],
        "caption": [
            ("/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf", 0),
            ("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf", 0),
        ],
    },
    "zh": {
        "body": [
            ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
            ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
            ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
        ],
        "head": [
            ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
            ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
        ],
        "caption": [
            ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
        ],
    },
}

EN_NAMES = ["JOHN W. HARLAN", "MARY E. COLLINS", "THOMAS REED", "ALICE M. WARD", "GEORGE F. BAKER",
            "EDITH LANE", "SAMUEL P. HOYT", "CLARA BENTON", "HENRY ADAMS", "LUCY STONE"]
ZH_NAMES = ["张明华", "李晓燕", "王建国", "刘芳", "陈志强", "杨静", "赵丽", "黄海涛", "周敏", "吴刚", "沈盛", "钱伊丽"]
EN_PAPERS = ["THE EVENING CHRONICLE", "THE DAILY HERALD", "THE MORNING STAR", "THE WEEKLY GAZETTE"]
ZH_PAPERS = ["嘉兴日报", "江南晚报", "东方时报", "滨海日报"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
EN_CAPTIONS = ["Workers at the new pier on Monday", "The committee meets in the town hall",
               "Crowds gather for the opening of the bridge", "Harvest on a farm near the river",
               "The new school building seen from the north", "Delegates leave the capitol"]
ZH_CAPTIONS = ["工人们正在新建码头上作业", "市民在新落成的公园内休闲", "农民在田间抢收早稻",
               "新建成的学校教学楼", "志愿者在社区开展服务活动", "大桥建设现场"]

CJK_NO_START = set("，。、；：？！）」』》〉】”’·…%")


def english_paragraphs(name, rng, most, per_speech):
    """Paragraphs of 2 to `most` sentences of `corpora/en/NAME` (one speech a
    line, after a tab), within a speech when `per_speech`, else run on."""
    speeches = []
    for line in (CORPORA / "en" / name).read_text(encoding="utf-8").splitlines():
        speech = line.split("\t", 1)[-1]
        speeches.append([s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", speech) if 20 < len(s) < 400])
    if not per_speech:
        speeches = [[s for speech in speeches for s in speech]]
    paragraphs = []
    for sentences in speeches:
        i = 0
        while i < len(sentences):
            n = rng.randint(2, most)
            paragraphs.append(" ".join(sentences[i:i + n]))
            i += n
    return paragraphs


def chinese_paragraphs(rng, longest, shortest_line, shortest_rest):
    """Newspaper-sized paragraphs of `gwr-1984-2005.txt`: its lines (from
    `shortest_line` characters) cut at sentence ends once past a length drawn
    from 60 to `longest`; a line's rest kept from `shortest_rest` characters."""
    out = []
    for line in (CORPORA / "zh" / "gwr-1984-2005.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if len(line) < shortest_line:
            continue
        cur = ""
        for p in re.split(r"(?<=。)", line):
            cur += p
            if len(cur) > rng.randint(60, longest):
                out.append(cur)
                cur = ""
        if len(cur) >= shortest_rest:
            out.append(cur)
    return out


def corpus_paragraphs(lang, rng):
    """Clean paragraphs from the shared corpora (not the files the shipped statistics were counted from)."""
    if lang == "en":
        return english_paragraphs("sotu-02.txt", rng, most=5, per_speech=False)
    return chinese_paragraphs(rng, longest=220, shortest_line=30, shortest_rest=1)


class Font:
    def __init__(self, spec, size):
        self.font = ImageFont.truetype(spec[0], size, index=spec[1])
        self.size = size

    def width(self, text):
        return self.font.getlength(text)


def load(spec, size):
    return Font(spec, size)


def break_en(paragraph, font, width, dic, indent, rng):
    """Justified lines of an English paragraph: (words, ends_with_hyphen_kind, full_word)."""
    words = paragraph.split()
    lines = []
    cur = []
    first = True
    i = 0
    space = font.width(" ")
    pending = None  # the rest of a hyphenated word carried to the next line
    while i < len(words) or pending:
        if pending:
            word, whole, kind = pending
            pending = None
        else:
            word, whole, kind = words[i], None, None
            i += 1
        avail = width - (indent if first else 0)
        trial = cur + [word]
        if font.width(" ".join(trial)) <= avail:
            cur = trial
            continue
        # Try to hyphenate: a compound's own hyphen first, then a soft break.
        placed = None
        if "-" in word.strip("-") and not word.startswith("-"):
            head, _, tail = word.partition("-")
            if head and tail and font.width(" ".join(cur + [head + "-"])) <= avail:
                placed = (head + "-", tail, "compound")
        if placed is None and re.fullmatch(r"[A-Za-z]+[,.;:]?", word) and len(word) >= 6:
            core = word.rstrip(",.;:")
            for pos in sorted(dic.positions(core), reverse=True):
                if pos < 2 or len(core) - pos < 2:
                    continue
                head = core[:pos] + "-"
                if font.width(" ".join(cur + [head])) <= avail:
                    placed = (head, word[pos:], "soft")
                    break
        if placed is not None:
            head, tail, hkind = placed
            full = (whole or word)
            lines.append({"words": cur + [head], "hyphen": hkind, "word": full, "first": first})
            cur = []
            first = False
            pending = (tail, full, kind)
            continue
        if not cur:  # a word longer than the column: set it alone
            lines.append({"words": [word], "hyphen": None, "first": first})
            first = False
            continue
        lines.append({"words": cur, "hyphen": None, "first": first})
        cur = [word]
        first = False
    if cur:
        lines.append({"words": cur, "hyphen": None, "first": first, "last": True})
    if lines:
        lines[-1]["last"] = True
    return lines


def break_zh(paragraph, font, width, indent_chars):
    cw = font.width("中")
    per = max(4, int(width // cw))
    lines = []
    text = paragraph
    first = True
    while text:
        n = per - (indent_chars if first else 0)
        take = text[:n]
        rest = text[n:]
        # Kinsoku: closing punctuation never starts a line; it hangs on this one.
        while rest and rest[0] in CJK_NO_START:
            take += rest[0]
            rest = rest[1:]
        lines.append({"text": take, "first": first, "hyphen": None})
        first = False
        text = rest
    if lines:
        lines[-1]["last"] = True
    return lines


class Page:
    def __init__(self, lang, rng, index, paragraphs):
        self.lang = lang
        self.rng = rng
        self.index = index
        self.source = paragraphs
        self.W, self.H = 2000, 2800
        self.img = Image.new("L", (self.W, self.H), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.lines = []
        self.paragraphs = []  # in reading order: {id, role, article, text, lines}
        self.articles = []
        self.hyph = pyphen.Pyphen(lang="en_US") if lang == "en" else None

    def new_paragraph(self, role, article, text):
        p = {"id": f"p{len(self.paragraphs)}", "role": role, "article": article, "text": text,
             "lines": []}
        self.paragraphs.append(p)
        return p

    def put_line(self, para, x, y, text, font, words=None, width=None, justify=False, hyphen=None,
                 word=None, column=None):
        gap = None
        if justify and words and len(words) > 1:
            gap = (width - sum(font.width(w) for w in words)) / (len(words) - 1)
            # A compositor letterspaces or sets ragged before opening rivers:
            # a gap over 2.5 spaces leaves the line ragged.
            if gap > 2.5 * font.width(" "):
                gap = None
        if gap is not None:
            cx = x
            for w in words:
                self.draw.text((cx, y), w, font=font.font, fill=0)
                cx += font.width(w) + gap
            right = x + width
        else:
            self.draw.text((x, y), text, font=font.font, fill=0)
            right = x + font.width(text)
        box = [int(x), int(y), int(right), int(y + font.size * 1.15)]
        line = {"id": f"l{len(self.lines)}", "text": text, "bbox": box, "para": para["id"],
                "role": para["role"], "article": para["article"], "column": column}
        if hyphen:
            line["hyphen"] = {"kind": hyphen, "word": word}
        self.lines.append(line)
        para["lines"].append(line["id"])

    def render(self):
        rng, lang = self.rng, self.lang
        fonts = FONTS[lang]
        body_spec = rng.choice(fonts["body"])
        head_spec = rng.choice(fonts["head"])
        cap_spec = rng.choice(fonts["caption"])
        body_size = rng.randint(27, 33)
        self.body = load(body_spec, body_size)
        self.leading = int(body_size * rng.uniform(1.35, 1.6))
        margin = 110
        # Running head and rule.
        head_font = load(head_spec, 30)
        paper = rng.choice(EN_PAPERS if lang == "en" else ZH_PAPERS)
        page_no = rng.randint(2, 16)
        if lang == "en":
            running = f"{paper}, {rng.choice(EN_MONTHS).upper()} {rng.randint(1, 28)}, {rng.randint(1890, 1960)}"
            pageline = f"PAGE {page_no}"
        else:
            running = f"{paper}  {rng.randint(1985, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
            pageline = f"第{page_no}版"
        rh = self.new_paragraph("furniture", None, running)
        self.put_line(rh, margin, 60, running, head_font)
        pn = self.new_paragraph("furniture", None, pageline)
        self.put_line(pn, self.W - margin - head_font.width(pageline), 60, pageline, head_font)
        self.draw.line([(margin, 115), (self.W - margin, 115)], fill=0, width=3)
        top = 150
        bottom = self.H - 110
        ncols = rng.randint(4, 6) if lang == "zh" else rng.randint(3, 5)
        # Chinese columns are dense: Tesseract reads lines across a gutter
        # under 80 px as one (seen on 170 lines of 36 pages). Column rules
        # made it worse: it read them as vertical text and read across them.
        gutter = rng.randint(45, 80) if lang == "en" else rng.randint(85, 120)
        colw = (self.W - 2 * margin - gutter * (ncols - 1)) / ncols
        self.colx = [margin + c * (colw + gutter) for c in range(ncols)]
        self.colw = colw
        # Bands: one or two, each split into articles over runs of columns.
        bands = [(top, bottom)] if rng.random() < 0.35 else None
        if bands is None:
            mid = int(top + (bottom - top) * rng.uniform(0.4, 0.6))
            bands = [(top, mid), (mid + 30, bottom)]
        article = 0
        for bi, (y0, y1) in enumerate(bands):
            if bi > 0:
                self.draw.line([(margin, y0 - 18), (self.W - margin, y0 - 18)], fill=0, width=2)
            c = 0
            while c < ncols:
                span = min(ncols - c, rng.randint(2, 3) if ncols - c > 3 else ncols - c)
                self.article(article, c, span, y0, y1, head_spec, cap_spec)
                article += 1
                c += span
        return self

    def article(self, a, c0, span, y0, y1, head_spec, cap_spec):
        rng, lang = self.rng, self.lang
        margin_x = self.colx[c0]
        width_all = self.colx[c0 + span - 1] + self.colw - margin_x
        starts_mid = rng.random() < 0.15
        info = {"article": a, "starts_mid": starts_mid, "ends_mid": False, "jump": None}
        self.articles.append(info)
        source = self.source
        y = y0
        if not starts_mid:
            first = source[0] if source else ""
            if lang == "en":
                words = re.findall(r"[A-Za-z']+", first)[: rng.randint(3, 7)]
                title = " ".join(w.capitalize() for w in words) or "News"
            else:
                title = re.sub(r"[，。、；：“”（）《》！？]", "", first)[: rng.randint(8, 16)] or "要闻"
            hsize = rng.randint(44, 60)
            hf = load(head_spec, hsize)
            while hf.width(title) > width_all and hsize > 30:
                hsize -= 4
                hf = load(head_spec, hsize)
            if hf.width(title) > width_all:
                title = title[: max(4, int(len(title) * width_all / hf.width(title)) - 1)]
            hp = self.new_paragraph("headline", a, title)
            self.put_line(hp, margin_x, y, title, hf, column=c0)
            y += int(hsize * 1.5)
            if rng.random() < 0.6:
                bf = load(cap_spec if rng.random() < 0.5 else head_spec, int(self.body.size * 0.9))
                if lang == "en":
                    by = f"By {rng.choice(EN_NAMES)}"
                else:
                    by = rng.choice(["本报记者 ", "通讯员 ", "记者 "]) + " ".join(rng.sample(ZH_NAMES, rng.randint(1, 2)))
                bp = self.new_paragraph("byline", a, by)
                self.put_line(bp, margin_x, y, by, bf, column=c0)
                y += int(self.body.size * 1.8)
        # Body: paragraphs flow through the columns.
        photo_col = c0 + rng.randrange(span) if rng.random() < 0.45 else None
        cols = []
        for c in range(c0, c0 + span):
            top = y + 6
            # Chinese lines aligned across columns are read by Tesseract as
            # one line across the page (clean pages: seam precision 0.26);
            # each column starts a fraction of a line lower, as on pages
            # where photos and subheads push the columns apart.
            if lang == "zh" and c > c0:
                top += rng.randrange(int(self.leading * 0.3), int(self.leading * 0.7))
            cols.append([c, top, y1])
        body_paras = []
        cap_font = load(cap_spec, int(self.body.size * 0.85))
        ci = 0
        col, cy, cbottom = cols[0]
        photo_done = False
        indent_en = self.body.width("M") * 1.5
        para_gap = int(self.leading * (0.5 if self.rng.random() < 0.3 else 0))
        first_para = True
        while source:
            ptext = source.pop(0)
            if first_para and starts_mid:
                # The article begins on this page mid-sentence: its head is on another page.
                if lang == "en":
                    ws = ptext.split()
                    ptext = " ".join(ws[rng.randint(3, max(4, len(ws) // 2)):])
                else:
                    ptext = ptext[rng.randint(3, max(4, len(ptext) // 2)):]
            para = self.new_paragraph("body", a, ptext)
            body_paras.append(para)
            if lang == "en":
                lines = break_en(ptext, self.body, self.colw, self.hyph,
                                 0 if (first_para and starts_mid) else indent_en, rng)
            else:
                lines = break_zh(ptext, self.body, self.colw, 0 if (first_para and starts_mid) else 2)
            first_para = False
            for li, ln in enumerate(lines):
                if (photo_col == col and not photo_done and cy > cols[ci][1] + 3 * self.leading
                        and cy + self.colw + 5 * self.leading < cbottom and rng.random() < 0.2):
                    cy = self.photo(col, cy, cap_font, a)
                    photo_done = True
                if cy + self.leading > cbottom:
                    ci += 1
                    if ci >= len(cols):
                        # Out of room: the paragraph goes on on another page.
                        info["ends_mid"] = li > 0
                        if li > 0 and self.rng.random() < 0.4:
                            self.jump(a, col, cbottom)
                        return self.finish(para, li, body_paras, info)
                    col, cy, cbottom = cols[ci]
                x = self.colx[col]
                if lang == "en":
                    indent = indent_en if ln["first"] and not (li == 0 and starts_mid and len(body_paras) == 1) else 0
                    text = " ".join(ln["words"])
                    justify = not ln.get("last")
                    self.put_line(para, x + indent, cy, text, self.body, words=ln["words"],
                                  width=self.colw - indent, justify=justify, hyphen=ln["hyphen"],
                                  word=ln.get("word"), column=col)
                else:
                    indent = self.body.width("中") * 2 if ln["first"] and not (li == 0 and starts_mid and len(body_paras) == 1) else 0
                    self.put_line(para, x + indent, cy, ln["text"], self.body, column=col)
                cy += self.leading
            cy += para_gap
            # Sometimes the article ends here, leaving the rest of the column blank.
            if ci == len(cols) - 1 and rng.random() < 0.12:
                return
        return

    def finish(self, para, printed, body_paras, info):
        """A paragraph cut by the page's end keeps only the lines printed."""
        if not para["lines"]:
            self.paragraphs.remove(para)
            body_paras.pop()
            return
        para["truncated"] = True

    def jump(self, a, col, cbottom):
        text = f"(Continued on Page {self.rng.randint(2, 20)})" if self.lang == "en" else f"（下转第{self.rng.randint(2, 8)}版）"
        jp = self.new_paragraph("furniture", a, text)
        f = load(FONTS[self.lang]["caption"][0], int(self.body.size * 0.85))
        self.put_line(jp, self.colx[col] + self.colw - f.width(text), cbottom + 4, text, f, column=col)

    def photo(self, col, y, cap_font, a):
        y = int(y)
        h = int(self.colw * self.rng.uniform(0.6, 0.9))
        x0, x1 = int(self.colx[col]), int(self.colx[col] + self.colw)
        arr = np.array(self.img)
        rs = np.random.default_rng(self.rng.randrange(1 << 30))
        block = rs.normal(150, 50, size=(h, x1 - x0)).clip(0, 255)
        # A photo is smooth shapes, not text: blur the noise into blobs.
        blob = Image.fromarray(block.astype("uint8")).filter(ImageFilter.GaussianBlur(6))
        arr[y:y + h, x0:x1] = np.array(blob)
        self.img.paste(Image.fromarray(arr))
        self.draw = ImageDraw.Draw(self.img)
        y += h + 8
        if self.lang == "en":
            cap = f"{self.rng.choice(EN_CAPTIONS)}. (Photo: {self.rng.choice(EN_NAMES).title()})"
        else:
            cap = f"{self.rng.choice(ZH_CAPTIONS)}  {self.rng.choice(ZH_NAMES)} 摄"
        cp = self.new_paragraph("caption", a, cap)
        # A caption wraps in its column.
        lines = []
        if self.lang == "en":
            cur = ""
            for w in cap.split():
                t = (cur + " " + w).strip()
                if cap_font.width(t) > self.colw and cur:
                    lines.append(cur)
                    cur = w
                else:
                    cur = t
            lines.append(cur)
        else:
            per = max(4, int(self.colw // cap_font.width("中")))
            lines = [cap[i:i + per] for i in range(0, len(cap), per)]
        for t in lines:
            self.put_line(cp, x0, y, t, cap_font, column=col)
            y += int(cap_font.size * 1.3)
        return y + self.leading


def degrade(img, level, rng):
    """Level 0 clean, 1 light, 2 moderate, 3 rough: blur, noise, fading, skew."""
    if level == 0:
        return img
    rs = np.random.default_rng(rng.randrange(1 << 30))
    # Level 3 was once blur 1.5, fade 70, noise 28, specks 0.4 %, skew 0.7:
    # Tesseract read no text at all from it, in either language. Blur over
    # 1 px loses most Chinese text.
    blur = [0, 0.6, 1.0, 1.0][level]
    img = img.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(img).astype(np.float32)
    fade = [0, 20, 45, 50][level]
    arr = arr + fade * (arr < 200)  # ink fades towards grey
    noise = [0, 8, 16, 18][level]
    arr = arr + rs.normal(0, noise, arr.shape)
    speck = [0, 0.0005, 0.0015, 0.002][level]
    mask = rs.random(arr.shape) < speck
    arr[mask] = 0
    img = Image.fromarray(arr.clip(0, 255).astype("uint8"))
    skew = [0, 0.15, 0.35, 0.5][level] * (1 if rng.random() < 0.5 else -1)
    # Skew rotates the page about its centre; the truth's boxes are rotated with it.
    img = img.rotate(skew, resample=Image.BICUBIC, fillcolor=255)
    return img, skew


def rotate_box(box, angle, w, h):
    import math
    t = math.radians(angle)
    cx, cy = w / 2, h / 2
    pts = []
    for x, y in [(box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])]:
        dx, dy = x - cx, y - cy
        # PIL rotates counter-clockwise on screen for a positive angle.
        nx = cx + dx * math.cos(t) + dy * math.sin(t)
        ny = cy - dx * math.sin(t) + dy * math.cos(t)
        pts.append((nx, ny))
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return [int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))]


def printed_text(lines, lang):
    """A paragraph's text as printed: lines joined, a soft hyphen closed up, a compound's kept."""
    out = ""
    for line in lines:
        if out and lang == "en":
            if out.endswith("-") and out[-2:-1].isalpha():
                kind = prev.get("hyphen", {}).get("kind")
                if kind == "soft":
                    out = out[:-1]
            else:
                out += " "
        out += line["text"]
        prev = line
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["en", "zh"], required=True)
    ap.add_argument("--pages", type=int, default=240)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--first", type=int, default=0, help="index of the first page (to render a slice)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    corpus_rng = random.Random(args.seed)
    paragraphs = corpus_paragraphs(args.lang, corpus_rng)
    for i in range(args.first, args.first + args.pages):
        name = f"{args.lang}-{i:04d}"
        if (args.out / f"{name}.truth.json").exists():
            continue  # rendered by an earlier run: every page is its own seed's
        rng = random.Random(f"{args.seed}:{args.lang}:{i}")
        start = rng.randrange(len(paragraphs) - 80)
        page = Page(args.lang, rng, i, list(paragraphs[start:start + 80])).render()
        level = i % 4
        out = degrade(page.img, level, rng)
        skew = 0.0
        if isinstance(out, tuple):
            out, skew = out
        out.save(args.out / f"{name}.png")
        if skew:
            for line in page.lines:
                line["bbox"] = rotate_box(line["bbox"], skew, page.W, page.H)
        by_id = {l["id"]: l for l in page.lines}
        for p in page.paragraphs:
            p["text"] = printed_text([by_id[l] for l in p["lines"]], args.lang)
        truth = {
            "schema_version": 1,
            "page": name,
            "lang": args.lang,
            "seed": args.seed,
            "degradation": level,
            "size": [page.W, page.H],
            "lines": page.lines,
            "paragraphs": page.paragraphs,
            "articles": page.articles,
        }
        # The truth is written last: a page with its truth is whole.
        (args.out / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
