//! OCR damage simulation: clean articles laid out in newspaper columns and
//! broken the way scans break them, each page with its gold annotation.
//!
//! Articles (headline, byline, sometimes a caption, body paragraphs) flow
//! through columns of fixed-width lines; a paragraph that reaches the foot of
//! a column goes on in the next one, and at the foot of the page on the next
//! page. OCR then delivers each column piece as a block. On top of that come
//! the defects real scans show, each at its own seeded rate: a character lost
//! at a seam, a line read twice at a seam, a piece moved out of reading order,
//! a piece missing, a paragraph repeated with fresh noise, line-end hyphens
//! dropped, look-alike characters. The gold file says what the page should
//! become: every seam, lost character, duplicate, truncation, and the clean
//! paragraphs in reading order.

mod corpus;
mod formats;
mod reprints;
mod rng;

pub use corpus::{articles, Article};
pub use formats::write_page_as;
pub use reprints::{reprints, ReprintRecord};
pub use rng::Rng;

use crate::analyze::chars::LetterClass;
use crate::eval::{DisplacedGold, DuplicateGold, Gold, LostCharGold};
use crate::model::Role;
use std::collections::{BTreeMap, HashMap};

/// The language of a corpus, which decides how text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lang {
    /// English: words wrap at spaces, long words are hyphenated.
    En,
    /// Chinese: lines break after any character.
    Zh,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "en" => Ok(Lang::En),
            "zh" => Ok(Lang::Zh),
            _ => Err(format!("unknown language {s:?}: expected en or zh")),
        }
    }
}

/// Page geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageLayout {
    /// Characters per line.
    pub chars_per_line: usize,
    /// Lines per column.
    pub lines_per_column: usize,
    /// Columns per page.
    pub columns: usize,
}

impl PageLayout {
    /// A broadsheet-like page for the language.
    pub fn default_for(lang: Lang) -> Self {
        match lang {
            Lang::En => PageLayout {
                chars_per_line: 40,
                lines_per_column: 45,
                columns: 4,
            },
            Lang::Zh => PageLayout {
                chars_per_line: 16,
                lines_per_column: 45,
                columns: 5,
            },
        }
    }
}

/// Rates of each defect: per seam for seam defects, per page for repeats,
/// per line-end hyphen for dropped hyphens, per character for noise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DamageRates {
    /// A character lost at the start of a continuation.
    pub lost_char: f64,
    /// The last line of a column read again at the top of the next.
    pub duplicate_line: f64,
    /// A continuation moved to the end of the page.
    pub displaced: f64,
    /// A continuation missing from the page.
    pub missing: f64,
    /// Pages that get one paragraph repeated with fresh noise.
    pub repeat: f64,
    /// Line-end hyphens that OCR dropped.
    pub hyphen_drop: f64,
    /// Characters that have a look-alike (`e`/`c`, `己`/`已`) replaced by it.
    pub noise: f64,
}

impl Default for DamageRates {
    fn default() -> Self {
        DamageRates {
            lost_char: 0.1,
            duplicate_line: 0.05,
            displaced: 0.05,
            missing: 0.05,
            repeat: 0.2,
            hyphen_drop: 0.3,
            noise: 0.01,
        }
    }
}

/// Everything a simulation run depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Language of the corpus.
    pub lang: Lang,
    /// Seed of every random choice.
    pub seed: u64,
    /// Pages to write.
    pub pages: usize,
    /// Page geometry.
    pub layout: PageLayout,
    /// Defect rates.
    pub damage: DamageRates,
}

/// One simulated page: its OCR-like text and its gold (whose `input` is empty
/// until the caller names the file).
#[derive(Debug, Clone)]
pub struct SimPage {
    /// The page as OCR would deliver it: blocks separated by blank lines.
    pub text: String,
    /// The same blocks with their ids and their place on the page, for the
    /// markup formats ([`write_page_as`]).
    pub blocks: Vec<PageBlock>,
    /// Page number, from 1.
    pub number: usize,
    /// What the page should become.
    pub gold: Gold,
}

/// A block of a simulated page as a layout format shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PageBlock {
    /// Its id, as the gold names it (`b0`, `b1`, …).
    pub id: String,
    /// Its lines as OCR read them.
    pub lines: Vec<String>,
    /// `[x, y, width, height]` in pixels of a 300 dpi scan.
    pub bbox: [f64; 4],
}

/// A headline, byline, caption or paragraph, wrapped once into lines.
struct Item {
    role: Role,
    /// Clean text as printed (noise included: noise is not structural damage).
    text: String,
    /// Clean text before noise, for a repeat's fresh noise.
    raw: String,
    lines: Vec<Line>,
}

/// One printed line: the span of the item's text it shows, and how it reads.
#[derive(Clone)]
struct Line {
    start: usize,
    end: usize,
    rendered: String,
}

/// A block of the simulated page.
#[derive(Clone)]
struct SimBlock {
    role: Role,
    /// Index of the item, or `usize::MAX` for page furniture.
    item: usize,
    /// Which piece of its item (0 = the item's start).
    part: usize,
    start: usize,
    end: usize,
    lines: Vec<String>,
    /// Position in the original reading order.
    seq: usize,
    /// For a repeated paragraph: the `seq` of the block it repeats.
    repeat_of: Option<usize>,
    /// Where it was printed: column, and first line in the column (page
    /// furniture: `None`, it sits above the columns).
    place: Option<(usize, usize)>,
}

/// Simulates `config.pages` pages from `corpus`.
pub fn simulate(corpus: &str, config: &SimConfig) -> Vec<SimPage> {
    let mut rng = Rng::new(config.seed);
    let articles = articles(corpus, config.lang, &mut rng);
    if articles.is_empty() {
        return Vec::new();
    }
    let mut items: Vec<Item> = Vec::new();
    let mut next_article = 0;
    // (item, first line not yet placed, piece number of the next piece)
    let mut cursor = (0usize, 0usize, 0usize);
    let mut pages = Vec::with_capacity(config.pages);
    for page_no in 0..config.pages {
        let mut blocks = Vec::new();
        let width = config.layout.chars_per_line;
        for column in 0..config.layout.columns {
            let mut room = config.layout.lines_per_column;
            while room > 0 {
                while cursor.0 >= items.len() {
                    let article = &articles[next_article % articles.len()];
                    next_article += 1;
                    items.extend(article_items(article, config, &mut rng, width));
                }
                let item = &items[cursor.0];
                if item.lines.is_empty() {
                    // A headline made of punctuation only: nothing to print.
                    cursor = (cursor.0 + 1, 0, 0);
                    continue;
                }
                let left = item.lines.len() - cursor.1;
                let take = if item.role == Role::Body {
                    left.min(room)
                } else if left <= room || room == config.layout.lines_per_column {
                    left
                } else {
                    break; // a headline or byline never splits: next column
                };
                let lines = &item.lines[cursor.1..cursor.1 + take];
                blocks.push(SimBlock {
                    role: item.role,
                    item: cursor.0,
                    part: cursor.2,
                    start: lines[0].start,
                    end: lines[take - 1].end,
                    lines: lines.iter().map(|l| l.rendered.clone()).collect(),
                    seq: blocks.len(),
                    repeat_of: None,
                    place: Some((column, config.layout.lines_per_column - room)),
                });
                room = room.saturating_sub(take);
                cursor.1 += take;
                cursor.2 += 1;
                if cursor.1 == item.lines.len() {
                    cursor = (cursor.0 + 1, 0, 0);
                }
            }
        }
        let page = damage_page(blocks, &items, page_no, config, &mut rng);
        pages.push(page);
    }
    pages
}

fn article_items(article: &Article, config: &SimConfig, rng: &mut Rng, width: usize) -> Vec<Item> {
    let lang = config.lang;
    let mut items = Vec::new();
    let first = &article.paragraphs[0];
    let mut push = |role: Role, raw: String, rng: &mut Rng| {
        let text = add_noise(&raw, lang, config.damage.noise, rng);
        let lines = wrap(&text, width, lang, config.damage.hyphen_drop, rng);
        items.push(Item {
            role,
            text,
            raw,
            lines,
        });
    };
    push(Role::Headline, headline(first, lang, rng), rng);
    push(Role::Byline, byline(lang, rng), rng);
    for (i, p) in article.paragraphs.iter().enumerate() {
        push(Role::Body, p.clone(), rng);
        if i == 0 && rng.chance(0.3) {
            push(Role::Caption, caption(p, lang, rng), rng);
        }
    }
    items
}

/// Applies the seam and page defects and writes the page and its gold.
fn damage_page(
    mut blocks: Vec<SimBlock>,
    items: &[Item],
    page_no: usize,
    config: &SimConfig,
    rng: &mut Rng,
) -> SimPage {
    let rates = &config.damage;
    let mut lost: Vec<(usize, char)> = Vec::new(); // (seq of left block, character)
    let mut overlaps: Vec<usize> = Vec::new(); // seq of the block that repeats a line
                                               // Seam defects, decided on the original reading order.
    let mut i = 0;
    while i + 1 < blocks.len() {
        if is_continuation(&blocks[i], &blocks[i + 1]) {
            if rng.chance(rates.missing) {
                blocks.remove(i + 1);
                continue;
            }
            if rng.chance(rates.lost_char) {
                let first = &mut blocks[i + 1].lines[0];
                if let Some(c) = first.chars().next().filter(|c| c.is_letter_or_number()) {
                    first.drain(..c.len_utf8());
                    lost.push((blocks[i].seq, c));
                }
            }
            if rng.chance(rates.duplicate_line) {
                let line = blocks[i].lines.last().cloned().unwrap_or_default();
                blocks[i + 1].lines.insert(0, line);
                overlaps.push(blocks[i + 1].seq);
            }
        }
        i += 1;
    }
    // Displacement: a continuation moved to the end of the page.
    let mut displaced: Vec<(usize, usize)> = Vec::new(); // (seq moved, seq it continues)
    let mut i = 0;
    let original_len = blocks.len();
    while i + 1 < original_len.min(blocks.len()) {
        if is_continuation(&blocks[i], &blocks[i + 1]) && rng.chance(rates.displaced) {
            let moved = blocks.remove(i + 1);
            displaced.push((moved.seq, blocks[i].seq));
            blocks.push(moved);
        }
        i += 1;
    }
    // A repeated paragraph, with fresh noise, where it breaks no seam.
    let mut repeats: Vec<(usize, usize)> = Vec::new(); // (seq of copy, seq of original)
    if rng.chance(rates.repeat) {
        let whole: Vec<usize> = (0..blocks.len())
            .filter(|&k| {
                let b = &blocks[k];
                b.role == Role::Body && b.start == 0 && b.end == items[b.item].text.len()
            })
            .collect();
        if !whole.is_empty() {
            let original = blocks[*rng.pick(&whole)].clone();
            let item = &items[original.item];
            let text = add_noise(&item.raw, config.lang, rates.noise.max(0.02), rng);
            let lines = wrap(
                &text,
                config.layout.chars_per_line,
                config.lang,
                rates.hyphen_drop,
                rng,
            );
            let slots: Vec<usize> = (0..=blocks.len())
                .filter(|&k| k == 0 || k == blocks.len() || !is_continuation(&blocks[k - 1], &blocks[k]))
                .collect();
            let at = *rng.pick(&slots);
            let seq = 10_000 + blocks.len();
            blocks.insert(
                at,
                SimBlock {
                    lines: lines.into_iter().map(|l| l.rendered).collect(),
                    seq,
                    repeat_of: Some(original.seq),
                    ..original.clone()
                },
            );
            repeats.push((seq, original.seq));
        }
    }
    write_page(blocks, items, page_no, config, lost, overlaps, displaced, repeats)
}

/// True when `b` is the piece of the same paragraph right after `a`.
fn is_continuation(a: &SimBlock, b: &SimBlock) -> bool {
    a.role == Role::Body
        && a.item == b.item
        && b.part == a.part + 1
        && a.repeat_of.is_none()
        && b.repeat_of.is_none()
}

#[allow(clippy::too_many_arguments)]
fn write_page(
    blocks: Vec<SimBlock>,
    items: &[Item],
    page_no: usize,
    config: &SimConfig,
    lost: Vec<(usize, char)>,
    overlaps: Vec<usize>,
    displaced: Vec<(usize, usize)>,
    repeats: Vec<(usize, usize)>,
) -> SimPage {
    let lang = config.lang;
    let (head, number) = match lang {
        Lang::En => ("THE EVENING CHRONICLE".to_string(), format!("{}", page_no + 1)),
        Lang::Zh => ("禾城晚报".to_string(), format!("第{}版", page_no + 1)),
    };
    let furniture = |text: String| SimBlock {
        role: Role::Furniture,
        item: usize::MAX,
        part: 0,
        start: 0,
        end: 0,
        lines: vec![text],
        seq: usize::MAX,
        repeat_of: None,
        place: None,
    };
    let mut all = vec![furniture(head), furniture(number)];
    all.extend(blocks);
    let id = |k: usize| format!("b{k}");
    let id_of_seq: HashMap<usize, String> = all.iter().enumerate().map(|(k, b)| (b.seq, id(k))).collect();

    let mut gold = Gold {
        schema_version: 1,
        ..Gold::default()
    };
    let present: HashMap<(usize, usize), usize> = all
        .iter()
        .enumerate()
        .filter(|(_, b)| b.role == Role::Body && b.repeat_of.is_none())
        .map(|(k, b)| ((b.item, b.part), k))
        .collect();
    let displaced_seqs: std::collections::HashSet<usize> =
        displaced.iter().flat_map(|&(a, b)| [a, b]).collect();
    for (k, b) in all.iter().enumerate() {
        if b.role != Role::Body {
            gold.roles.insert(id(k), b.role);
        }
        if let Some(next) = all.get(k + 1) {
            if is_continuation(b, next) {
                gold.joins.push(id(k));
            }
        }
        if b.role == Role::Body && b.repeat_of.is_none() && !displaced_seqs.contains(&b.seq) {
            if b.end < items[b.item].text.len() && !present.contains_key(&(b.item, b.part + 1)) {
                gold.truncated_end.push(id(k));
            }
            if b.start > 0 && b.part > 0 && !present.contains_key(&(b.item, b.part - 1)) {
                gold.truncated_start.push(id(k));
            }
        }
    }
    gold.lost_characters = Some(
        lost.into_iter()
            .filter_map(|(seq, c)| {
                let k: usize = id_of_seq.get(&seq)?[1..].parse().ok()?;
                // Only a loss at a seam that is still a seam here counts as one.
                gold.joins.contains(&id(k)).then(|| LostCharGold {
                    after: id(k),
                    character: c.to_string(),
                })
            })
            .collect(),
    );
    gold.displaced = Some(
        displaced
            .iter()
            .map(|(moved, cont)| DisplacedGold {
                block: id_of_seq[moved].clone(),
                continues: id_of_seq[cont].clone(),
            })
            .collect(),
    );
    gold.duplicates = Some(
        overlaps
            .iter()
            .filter_map(|seq| id_of_seq.get(seq))
            .map(|b| DuplicateGold {
                block: b.clone(),
                kind: "seam_overlap".into(),
                of: None,
            })
            .chain(repeats.iter().map(|(copy, original)| DuplicateGold {
                block: id_of_seq[copy].clone(),
                kind: "repeat".into(),
                of: id_of_seq.get(original).cloned(),
            }))
            .collect(),
    );
    gold.paragraphs = ideal_paragraphs(&all, items);

    let text = all
        .iter()
        .map(|b| b.lines.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n";
    let blocks = all
        .iter()
        .enumerate()
        .map(|(k, b)| PageBlock {
            id: id(k),
            lines: b.lines.clone(),
            bbox: formats::bbox_of(b.place, k, b.lines.len(), &config.layout, lang),
        })
        .collect();
    SimPage {
        text,
        blocks,
        number: page_no + 1,
        gold,
    }
}

/// The page as a perfect repair would give it: pieces back in reading order,
/// each paragraph whole as far as its pieces are on the page, repeats gone.
fn ideal_paragraphs(blocks: &[SimBlock], items: &[Item]) -> Vec<String> {
    let mut ordered: Vec<&SimBlock> = blocks.iter().filter(|b| b.repeat_of.is_none()).collect();
    ordered.sort_by_key(|b| if b.seq == usize::MAX { 0 } else { b.seq + 1 });
    let mut out: Vec<String> = Vec::new();
    let mut open: Option<(usize, usize, usize, usize)> = None; // (item, part, start, end)
    let flush = |open: &mut Option<(usize, usize, usize, usize)>, out: &mut Vec<String>| {
        if let Some((item, _, start, end)) = open.take() {
            out.push(items[item].text[start..end].trim().to_string());
        }
    };
    for b in ordered {
        if b.item == usize::MAX {
            flush(&mut open, &mut out);
            out.push(b.lines.join(" "));
            continue;
        }
        match open {
            Some((item, part, start, _)) if item == b.item && b.part == part + 1 => {
                open = Some((item, b.part, start, b.end));
            }
            _ => {
                flush(&mut open, &mut out);
                open = Some((b.item, b.part, b.start, b.end));
            }
        }
    }
    flush(&mut open, &mut out);
    out
}

/// Lays `text` out in lines of `width` characters. English wraps at spaces and
/// hyphenates a long word that does not fit (dropping the hyphen at `drop`);
/// Chinese breaks after any character.
fn wrap(text: &str, width: usize, lang: Lang, drop: f64, rng: &mut Rng) -> Vec<Line> {
    let mut lines = Vec::new();
    match lang {
        Lang::Zh => {
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(width).collect();
            for (k, &s) in starts.iter().enumerate() {
                let e = starts.get(k + 1).copied().unwrap_or(text.len());
                lines.push(Line {
                    start: s,
                    end: e,
                    rendered: text[s..e].to_string(),
                });
            }
        }
        Lang::En => {
            let words: Vec<(usize, usize)> = word_spans(text);
            let mut w = 0;
            let mut carry: Option<usize> = None; // start of the rest of a hyphenated word
            while w < words.len() {
                let start = carry.take().unwrap_or(words[w].0);
                let mut end = start;
                let mut cols = 0;
                let mut rendered_hyphen = "";
                while w < words.len() {
                    let (ws, we) = (words[w].0.max(start), words[w].1);
                    let len = text[ws..we].chars().count();
                    let need = len + usize::from(cols > 0);
                    if cols + need <= width {
                        cols += need;
                        end = we;
                        w += 1;
                        continue;
                    }
                    let room = width.saturating_sub(cols + usize::from(cols > 0));
                    let alphabetic = text[ws..we].chars().all(char::is_letter);
                    if alphabetic && len >= 7 && room >= 4 && len - (room - 1) >= 3 {
                        let split = text[ws..]
                            .char_indices()
                            .nth(room - 1)
                            .map_or(we, |(i, _)| ws + i);
                        end = split;
                        carry = Some(split);
                        rendered_hyphen = if rng.chance(drop) { "" } else { "-" };
                    } else if cols == 0 {
                        // A word longer than a line: cut it hard.
                        let split = text[ws..].char_indices().nth(width).map_or(we, |(i, _)| ws + i);
                        end = split;
                        if split < we {
                            carry = Some(split);
                        } else {
                            w += 1;
                        }
                    }
                    break;
                }
                lines.push(Line {
                    start,
                    end,
                    rendered: format!("{}{rendered_hyphen}", &text[start..end]),
                });
            }
        }
    }
    lines
}

fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Look-alike substitutions OCR makes.
const LOOKALIKES_EN: [(char, char); 8] = [
    ('l', '1'),
    ('O', '0'),
    ('e', 'c'),
    ('i', 'l'),
    ('S', '5'),
    ('B', '8'),
    ('h', 'b'),
    ('n', 'u'),
];
const LOOKALIKES_ZH: [(char, char); 10] = [
    ('己', '已'),
    ('未', '末'),
    ('人', '入'),
    ('日', '曰'),
    ('大', '太'),
    ('土', '士'),
    ('干', '千'),
    ('天', '夭'),
    ('于', '干'),
    ('问', '间'),
];

fn add_noise(text: &str, lang: Lang, rate: f64, rng: &mut Rng) -> String {
    if rate <= 0.0 {
        return text.to_string();
    }
    let table: &[(char, char)] = match lang {
        Lang::En => &LOOKALIKES_EN,
        Lang::Zh => &LOOKALIKES_ZH,
    };
    let map: BTreeMap<char, char> = table.iter().copied().collect();
    text.chars()
        .map(|c| match map.get(&c) {
            Some(&l) if rng.chance(rate) => l,
            _ => c,
        })
        .collect()
}

const FIRST_NAMES: [&str; 12] = [
    "John", "Mary", "James", "Helen", "Robert", "Alice", "George", "Ruth", "Edward", "Clara", "Henry",
    "Grace",
];
const LAST_NAMES: [&str; 12] = [
    "Smith", "Walker", "Bennett", "Hughes", "Porter", "Fisher", "Carter", "Dalton", "Reed", "Mason",
    "Lowell", "Grant",
];
const ZH_SURNAMES: [char; 16] = [
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '沈', '钱', '范', '谢',
];
const ZH_GIVEN: [char; 16] = [
    '明', '华', '丽', '军', '静', '伟', '芳', '敏', '强', '磊', '洋', '艳', '勇', '娟', '涛', '盛',
];

fn headline(paragraph: &str, lang: Lang, rng: &mut Rng) -> String {
    match lang {
        Lang::En => {
            let n = rng.range(4, 7);
            let mut words = paragraph
                .split_whitespace()
                .take(n)
                .map(|w| {
                    let w: String = w
                        .chars()
                        .filter(|c| c.is_letter_or_number() || *c == '\'')
                        .collect();
                    let mut c = w.chars();
                    c.next()
                        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
                })
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>();
            // Headlines do not end on `Of` or `The`.
            while words.len() > 2 && crate::analyze::ends_with_function_word(words.last().unwrap()) {
                words.pop();
            }
            words.join(" ")
        }
        Lang::Zh => {
            let n = rng.range(8, 14);
            paragraph
                .chars()
                .filter(|c| crate::analyze::chars::is_cjk(*c))
                .take(n)
                .collect()
        }
    }
}

fn zh_name(rng: &mut Rng) -> String {
    let mut name = rng.pick(&ZH_SURNAMES).to_string();
    for _ in 0..rng.range(1, 2) {
        name.push(*rng.pick(&ZH_GIVEN));
    }
    name
}

fn byline(lang: Lang, rng: &mut Rng) -> String {
    match lang {
        Lang::En => format!("By {} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES)),
        Lang::Zh => {
            let first = zh_name(rng);
            if first.chars().count() == 2 && rng.chance(0.3) {
                // A two-character name spaced out to the width of three.
                first.chars().map(String::from).collect::<Vec<_>>().join(" ")
            } else if rng.chance(0.3) {
                format!("{first} {}", zh_name(rng))
            } else {
                first
            }
        }
    }
}

fn caption(paragraph: &str, lang: Lang, rng: &mut Rng) -> String {
    match lang {
        Lang::En => {
            let words: Vec<&str> = paragraph.split_whitespace().take(rng.range(5, 9)).collect();
            let credit = rng.pick(&LAST_NAMES);
            format!(
                "{}. (Photo: {credit})",
                words.join(" ").trim_end_matches(['.', ',', ';', ':'])
            )
        }
        Lang::Zh => {
            let n = rng.range(10, 20);
            let text: String = paragraph
                .chars()
                .filter(|c| crate::analyze::chars::is_cjk(*c))
                .take(n)
                .collect();
            format!("{text} {} 摄", zh_name(rng))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(lang: Lang, damage: DamageRates) -> SimConfig {
        SimConfig {
            lang,
            seed: 3,
            pages: 3,
            layout: PageLayout::default_for(lang),
            damage,
        }
    }

    const EN: &str = "a\tThe Congress met today in the capital city. Members of both houses heard the message of the President. It was long and detailed and covered foreign affairs. The treasury reported a surplus for the year. Many representatives applauded the proposals.\n";

    #[test]
    fn same_seed_same_pages() {
        let c = config(Lang::En, DamageRates::default());
        let a = simulate(&EN.repeat(40), &c);
        let b = simulate(&EN.repeat(40), &c);
        assert_eq!(a.len(), 3);
        assert!(a.iter().zip(&b).all(|(x, y)| x.text == y.text));
    }

    #[test]
    fn undamaged_pages_rejoin_to_their_gold() {
        let none = DamageRates {
            lost_char: 0.0,
            duplicate_line: 0.0,
            displaced: 0.0,
            missing: 0.0,
            repeat: 0.0,
            hyphen_drop: 0.0,
            noise: 0.0,
        };
        for page in simulate(&EN.repeat(40), &config(Lang::En, none)) {
            // Every block's lines, dehyphenated and joined at the gold joins, give the gold paragraphs.
            let blocks: Vec<String> = page
                .text
                .trim_end()
                .split("\n\n")
                .map(|b| b.replace("-\n", "").replace('\n', " "))
                .collect();
            let mut paragraphs = vec![blocks[0].clone()];
            for (k, b) in blocks.iter().enumerate().skip(1) {
                if page.gold.joins.contains(&format!("b{}", k - 1)) {
                    let last = paragraphs.last_mut().unwrap();
                    if last.ends_with('-') {
                        last.pop();
                    } else {
                        last.push(' ');
                    }
                    last.push_str(b);
                } else {
                    paragraphs.push(b.clone());
                }
            }
            assert_eq!(paragraphs, page.gold.paragraphs);
        }
    }
}
