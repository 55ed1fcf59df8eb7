#!/usr/bin/env python3
"""Renders and OCRs a reprint collection: the real-OCR set `ocrmend dedup` is judged on.

Stories (consecutive paragraphs of the project's corpora: English
`sotu-03.txt`, Chinese `gwr-1984-2005.txt`, no two stories sharing a
paragraph) are printed one to five times, each copy set anew: its own column
width, font and type size (so line breaks and hyphens fall elsewhere), its own
headline, and often cut short, a sentence dropped, a few words reworded, a
dateline put in front; then degraded from clean (0) to rough (3) as the page
set is (render.py's `degrade`) and read by Tesseract 5 (`--psm 3 --dpi 300`,
the page set's options). Boilerplate links different stories the way it does
in real papers: short notices that are mostly a shared formula with their own
names, dates and places (each notice a story of its own), and stories that
end with the same formula (a credit, a jump line, a standing notice).

Writes OUT/LANG/{dev,test}.jsonl (`id`, `text` as Tesseract read it,
`cluster`: the story) and OUT/LANG/truth.jsonl (each copy's printed text,
level, font and what was done to it). Stories and formulas alternate between
dev and test, so no story or formula is in both. Deterministic: one seed.

    python3 scripts/realocr/reprints.py --lang en --stories 300 -o build/reprints
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyphen
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render import FONTS, break_en, break_zh, chinese_paragraphs, degrade, english_paragraphs, load  # noqa: E402

EN_CITIES = ["WASHINGTON", "NEW YORK", "CHICAGO", "BOSTON", "ST. LOUIS", "SAN FRANCISCO", "ALBANY", "DENVER"]
ZH_CITIES = ["北京", "上海", "广州", "杭州", "南京", "武汉", "成都", "西安"]
EN_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
EN_FIRST = ["John", "Mary", "Thomas", "Alice", "George", "Edith", "Samuel", "Clara", "Henry", "Lucy", "Walter",
            "Martha", "Frank", "Ellen", "Joseph", "Anna", "Charles", "Grace", "Albert", "Rose"]
EN_LAST = ["Harlan", "Collins", "Reed", "Ward", "Baker", "Lane", "Hoyt", "Benton", "Adams", "Stone", "Porter",
           "Fisher", "Morgan", "Hale", "Curtis", "Dunn", "Parker", "Russell", "Sawyer", "Tucker"]
ZH_SURNAMES = list("王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高")
ZH_GIVEN = list("明华晓燕建国芳志强静丽海涛敏刚盛伊德军平红英玉兰春秀文")

# Formulas: the part of a notice or a story's end that every paper prints the
# same. `{}` fields are filled per notice (names, ages, places, dates).
EN_NOTICES = [
    "Died, at {place}, on {date}, {name}, aged {age} years. The friends and acquaintances of the family are "
    "respectfully invited to attend the funeral from the late residence, without further notice.",
    "{name} and family desire to return their sincere thanks to the many friends and neighbors for their "
    "kindness and sympathy during the illness and death of {rel} {name2}.",
    "Notice is hereby given that the partnership heretofore existing between {name} and {name2} has been "
    "dissolved by mutual consent. All debts owing to the said partnership are to be paid to {name}.",
    "Married, at {place}, on {date}, by the Rev. {name}, {name2} and Miss {name3}, both of this city. "
    "No cards.",
    "Lost, on {date}, between {place} and the post office, a pocketbook containing papers of value to the "
    "owner only. A liberal reward will be paid for its return to {name}.",
    "Wanted, a competent girl for general housework in a small family. Good wages and a pleasant home to "
    "the right person. Apply to Mrs. {name}, {place}.",
    "The annual meeting of the stockholders of the {place} Company will be held at the office of the "
    "company on {date}, at ten o'clock in the forenoon, for the election of directors. {name}, Secretary.",
    "Sealed proposals will be received at the office of the Board of Public Works until noon of {date} for "
    "the grading and paving of {place}. The board reserves the right to reject any or all bids. {name}, Clerk.",
    "Born, on {date}, to Mr. and Mrs. {name}, of {place}, a son. Mother and child are doing well.",
    "Estate of {name}, deceased. Notice is hereby given by the undersigned, executor of the estate, to the "
    "creditors of and all persons having claims against the said deceased, to exhibit them with the "
    "necessary vouchers within four months. {name2}, Executor.",
]
EN_ENDINGS = [
    "Reprinted by permission from the Associated Press. All rights reserved by the publishers.",
    "(Continued on Page Seven, Column Three.)",
    "Subscribers who fail to receive their paper regularly will confer a favor by notifying the office at once.",
    "For further particulars apply at the office of this paper, where copies may be had at five cents each.",
]
ZH_NOTICES = [
    "{name}同志因病医治无效，于{date}在{place}逝世，享年{age}岁。遗体告别仪式定于近日举行，特此讣告。",
    "{name}先生及家属对在{rel}{name2}患病及治丧期间给予关心和帮助的各位亲友、同事表示衷心感谢。",
    "本公司原股东{name}与{name2}经协商一致，自{date}起解除合伙关系，此前债权债务由{name}负责清理，特此声明。",
    "{name}与{name2}于{date}在{place}举行婚礼，敬请亲朋好友届时光临，恕不另发请柬。",
    "{name}不慎于{date}在{place}附近遗失证件一本，内有重要资料，拾到者请与本人联系，必有酬谢。",
    "{place}某单位因工作需要，现面向社会招聘工作人员若干名，待遇从优，有意者请与{name}联系。",
    "{place}股份有限公司定于{date}上午九时在公司会议室召开年度股东大会，选举新一届董事会，请各位股东准时出席。",
    "{place}建设工程现公开招标，投标单位须于{date}中午前将密封标书送达招标办公室，联系人{name}。",
    "{name}、{name2}夫妇于{date}在{place}喜得千金，母女平安，特此向亲友报喜。",
    "{name}的遗产继承人现公告如下：凡对死者{name}享有债权者，请于公告之日起四个月内持有效凭证与{name2}联系。",
]
ZH_ENDINGS = [
    "本文经新华通讯社授权转载，未经许可不得另行转载或摘编。",
    "（下转第七版第三栏）",
    "订户如未按时收到本报，请即与发行部门联系，我们将及时为您补投。",
    "欢迎广大读者来信来稿，来稿请注明真实姓名和详细地址，以便联系。",
]
# Light rewording, as an editor of another paper would do it.
EN_REWORD = [("said", "stated"), ("the United States", "this country"), ("must", "should"), ("we", "we all"),
             ("President", "Executive"), ("three", "3"), ("two", "2"), ("percent", "per cent"),
             ("Congress", "the Congress"), ("people", "citizens"), ("new", "fresh"), ("help", "aid")]
ZH_REWORD = [("我国", "中国"), ("进行", "开展"), ("目前", "当前"), ("发展", "进展"), ("加强", "强化"),
             ("继续", "持续"), ("提高", "提升"), ("国务院", "中央政府"), ("三", "3"), ("主要", "重要")]


def source_paragraphs(lang, rng):
    """Clean paragraphs of the corpus, in corpus order (other files than the page set's)."""
    if lang == "en":
        return english_paragraphs("sotu-03.txt", rng, most=4, per_speech=True)
    return chinese_paragraphs(rng, longest=200, shortest_line=0, shortest_rest=31)


def sentences_of(paragraph, lang):
    pattern = r"(?<=[.!?])\s+(?=[A-Z])" if lang == "en" else r"(?<=[。！？])"
    return [s for s in re.split(pattern, paragraph) if s.strip()]


def headline(paragraphs, lang, rng):
    """A headline drawn from the story's words: every copy gets its own."""
    if lang == "en":
        words = re.findall(r"[A-Za-z]{4,}", " ".join(paragraphs))
        pick = rng.sample(words, min(len(words), rng.randint(3, 6)))
        return " ".join(pick).upper()
    chars = re.sub(r"[^\u4e00-\u9fff]", "", "".join(paragraphs))
    start = rng.randrange(max(1, len(chars) - 14))
    return chars[start:start + rng.randint(7, 13)]


def en_name(rng):
    return f"{rng.choice(EN_FIRST)} {rng.choice('ABCDEFGHJKLMPRSTW')}. {rng.choice(EN_LAST)}"


def zh_name(rng):
    return rng.choice(ZH_SURNAMES) + "".join(rng.sample(ZH_GIVEN, rng.randint(1, 2)))


def fill(formula, lang, rng):
    if lang == "en":
        return formula.format(
            name=en_name(rng), name2=en_name(rng), name3=en_name(rng), age=rng.randint(20, 90),
            rel=rng.choice(["their beloved mother", "his wife", "their son", "her husband"]),
            place=f"No. {rng.randint(10, 990)} {rng.choice(EN_LAST)} Street",
            date=f"{rng.choice(EN_MONTHS)} {rng.randint(1, 28)}")
    return formula.format(
        name=zh_name(rng), name2=zh_name(rng), name3=zh_name(rng), age=rng.randint(20, 90),
        rel=rng.choice(["母亲", "父亲", "妻子", "丈夫"]),
        place=rng.choice(ZH_CITIES) + rng.choice(["市", "区", "县"]) + rng.choice(["中山路", "人民路", "解放路"])
        + f"{rng.randint(1, 300)}号",
        date=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日")


def variant(paragraphs, lang, rng):
    """A reprint's text: cut short, a sentence dropped, reworded, a dateline; and what was done."""
    done = []
    paras = list(paragraphs)
    if len(paras) > 1 and rng.random() < 0.3:
        keep = max(1, round(len(paras) * rng.uniform(0.5, 0.9)))
        paras = paras[:keep]
        done.append(f"cut to {keep} paragraphs")
    if rng.random() < 0.3:
        i = rng.randrange(len(paras))
        s = sentences_of(paras[i], lang)
        if len(s) > 1:
            j = rng.randrange(len(s))
            paras[i] = (" " if lang == "en" else "").join(s[:j] + s[j + 1:])
            done.append("a sentence dropped")
    if rng.random() < 0.3:
        table = EN_REWORD if lang == "en" else ZH_REWORD
        n = 0
        for a, b in rng.sample(table, 4):
            pattern = rf"\b{re.escape(a)}\b" if lang == "en" else re.escape(a)
            for i, p in enumerate(paras):
                new = re.sub(pattern, b, p, count=1)
                if new != p:
                    paras[i] = new
                    n += 1
                    break
        if n:
            done.append(f"{n} words reworded")
    if rng.random() < 0.3:
        if lang == "en":
            line = f"{rng.choice(EN_CITIES)}, {rng.choice(EN_MONTHS)} {rng.randint(1, 28)}.—"
            paras[0] = line + paras[0]
        else:
            paras[0] = f"本报{rng.choice(ZH_CITIES)}{rng.randint(1, 12)}月{rng.randint(1, 28)}日电 " + paras[0]
        done.append("a dateline")
    return paras, done


def render(head, paragraphs, lang, rng):
    """One copy set in a column of its own width, fonts and sizes; returns the image and its settings."""
    fonts = FONTS[lang]
    body_spec, head_spec = rng.choice(fonts["body"]), rng.choice(fonts["head"])
    size = rng.randint(30, 40) if lang == "en" else rng.randint(32, 42)
    body, big = load(body_spec, size), load(head_spec, int(size * rng.uniform(1.3, 1.8)))
    width = rng.randint(520, 950) if lang == "en" else rng.randint(480, 860)
    margin, leading = 70, int(size * 1.35)
    dic = pyphen.Pyphen(lang="en_US")
    lines = []  # (text, font)
    if lang == "en":
        words, cur = head.split(), []
        for w in words:
            if cur and big.width(" ".join(cur + [w])) > width:
                lines.append((" ".join(cur), big))
                cur = []
            cur.append(w)
        lines.append((" ".join(cur), big))
    else:
        per = max(4, int(width // big.width("中")))
        lines += [(head[i:i + per], big) for i in range(0, len(head), per)]
    lines.append(("", None))
    for p in paragraphs:
        if lang == "en":
            for ln in break_en(p, body, width, dic, size * 1.5, rng):
                text = " ".join(ln["words"])
                lines.append((("    " if ln["first"] else "") + text, body))
        else:
            for ln in break_zh(p, body, width, 2):
                lines.append((("\u3000\u3000" if ln["first"] else "") + ln["text"], body))
    height = margin * 2 + sum(int(f.size * 1.35) if f else leading // 2 for _, f in lines)
    img = Image.new("L", (width + 2 * margin, height), 255)
    draw = ImageDraw.Draw(img)
    y = margin
    for text, font in lines:
        if font is None:
            y += leading // 2
            continue
        draw.text((margin, y), text, font=font.font, fill=0)
        y += int(font.size * 1.35)
    level = rng.choices([0, 1, 2, 3], weights=[3, 3, 2, 2])[0]
    degraded = degrade(img, level, rng)
    img = degraded[0] if isinstance(degraded, tuple) else degraded
    return img, {"level": level, "font": Path(body_spec[0]).name, "size": size, "width": width}


def ocr(image, lang):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "copy.png"
        image.save(path)
        run = subprocess.run(
            ["tesseract", str(path), "-", "-l", "eng" if lang == "en" else "chi_sim", "--psm", "3", "--dpi", "300",
             "-c", "textord_tabfind_find_tables=0"],
            check=True, capture_output=True, text=True,
            # One thread a Tesseract: --jobs of them share the cores.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        return run.stdout


def collection(lang, stories, seed):
    """Every copy to print: (cluster, split, printed headline, paragraphs, what was done), in print order."""
    rng = random.Random(f"{seed}-{lang}")
    source = source_paragraphs(lang, rng)
    groups, i = [], 0
    while i < len(source):
        n = rng.randint(2, 5)
        groups.append(source[i:i + n])
        i += n
    rng.shuffle(groups)
    endings = EN_ENDINGS if lang == "en" else ZH_ENDINGS
    notices = EN_NOTICES if lang == "en" else ZH_NOTICES
    copies = []
    for s, paragraphs in enumerate(groups[:stories]):
        split = "dev" if s % 2 == 0 else "test"
        # One story in five ends with a formula every paper prints: a credit
        # or jump line, or a notice of its split's formulas, filled anew (an
        # obituary that ends with the funeral notice).
        ending = None
        if rng.random() < 1 / 5:
            formulas = endings + [f for k, f in enumerate(notices) if k % 2 == s % 2]
            ending = fill(rng.choice(formulas), lang, rng)
        n = rng.choices([1, 2, 3, 4, 5], weights=[4, 3, 2, 1, 1])[0]
        for c in range(n):
            paras, done = (list(paragraphs), []) if c == 0 else variant(paragraphs, lang, rng)
            if ending:
                paras.append(ending)
                done.append("ends with a formula")
            copies.append((f"s{s:04d}", split, headline(paragraphs, lang, rng), paras, done))
    # Notices: each formula filled for eight to fourteen notices (more
    # documents than any story has copies), each printed once or twice.
    for f, formula in enumerate(notices):
        split = "dev" if f % 2 == 0 else "test"
        for k in range(rng.randint(8, 14)):
            text = fill(formula, lang, rng)
            head = rng.choice(["NOTICE", "DIED", "CARD OF THANKS", "SPECIAL NOTICES"]) if lang == "en" else \
                rng.choice(["讣告", "声明", "启事", "公告"])
            for c in range(rng.choices([1, 2], weights=[2, 1])[0]):
                copies.append((f"n{f:02d}{k:02d}", split, head, [text], ["notice"]))
    order = list(range(len(copies)))
    rng.shuffle(order)
    return [copies[i] for i in order], rng


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["en", "zh"], required=True)
    ap.add_argument("--stories", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-j", "--jobs", type=int, default=2, help="Tesseract processes at once")
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()
    copies, rng = collection(args.lang, args.stories, args.seed)
    # Each copy's image and settings are drawn in order from one generator, so
    # the set does not depend on how many Tesseracts run at once.
    rendered = []
    for cluster, split, head, paras, done in copies:
        img, settings = render(head, paras, args.lang, rng)
        rendered.append((img, settings))
    with ThreadPoolExecutor(args.jobs) as pool:
        texts = list(pool.map(lambda r: ocr(r[0], args.lang), rendered))
    out = args.out / args.lang
    out.mkdir(parents=True, exist_ok=True)
    files = {s: (out / f"{s}.jsonl").open("w", encoding="utf-8") for s in ("dev", "test")}
    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth:
        for d, ((cluster, split, head, paras, done), (_, settings), text) in enumerate(zip(copies, rendered, texts)):
            doc = f"{args.lang}-{d:05d}"
            files[split].write(json.dumps({"id": doc, "text": text, "cluster": cluster}, ensure_ascii=False) + "\n")
            truth.write(json.dumps({"id": doc, "cluster": cluster, "split": split, "headline": head,
                                    "printed": "\n\n".join(paras), "done": done, **settings},
                                   ensure_ascii=False) + "\n")
    for f in files.values():
        f.close()
    print(f"{args.lang}: {len(copies)} copies of {len({c[0] for c in copies})} stories and notices -> {out}")


if __name__ == "__main__":
    main()
