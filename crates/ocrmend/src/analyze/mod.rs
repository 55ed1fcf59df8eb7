//! Analysis of each block on its own: script, role, and whether its first and
//! last sentences are complete. The repair stage reads these facts; it never
//! recomputes them.

mod cells;
pub mod chars;
mod geometry;
mod paragraphs;
mod roles;
pub mod word_segments;

use crate::model::{Document, Line, Role, Script};
use chars::{is_clause_punct, is_closing, is_hyphen, is_opening, is_terminal, last_significant, LetterClass};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

pub use cells::CellEdges;
pub use geometry::{
    layout_facts, FirstLine, GeometryModel, LastLine, LayoutFacts, LineEdges, Placement, TypeSize,
};
pub(crate) use geometry::{median, median_by};
pub use paragraphs::ParagraphBreaks;
pub use roles::RoleCall;

/// How a block's text ends, the first fact every seam decision looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Ending {
    /// With a sentence's terminal mark (`。`, `.`, `?`), perhaps behind a closing quote.
    Terminal,
    /// With a clause mark: comma, colon, semicolon, enumeration comma.
    Clause,
    /// With a hyphen right after a letter: a word broken at the line end.
    Hyphen,
    /// In the middle of a word or phrase: no punctuation at all.
    Open,
}

/// Everything the repair stage needs to know about one block.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockFacts {
    /// Dominant writing system.
    pub script: Script,
    /// The block's role and the rule behind it.
    pub role: RoleCall,
    /// How the block ends.
    pub ending: Ending,
    /// Quotes and brackets opened minus those closed in the block.
    pub quote_balance: i32,
}

/// Analyzes every block of `doc` (its texts as [`flatten_blocks`] lays them
/// out) with what its boxes say: [`analyze`], then [`layout_facts`]. Unless
/// the input declares a block's role, a short block set in larger type than
/// the page's body text (line height `large_type` times the page's median)
/// is a headline (unless, in Latin script, it reads as the rest of a
/// paragraph, or in Chinese it is running text rough print swelled), a
/// Latin one in smaller type a caption (unless it reads as the rest of a
/// paragraph: a run-off line), and a block called a headline
/// only for being short but set in the body's type between running lines
/// of its column (alone or in a chain of such blocks) is body, as is one
/// at the foot of its column's run that reads as running text, and a
/// Latin one that reads as running text with body going on in lower case
/// after it (a paragraph's first line, read apart); a Chinese block whose
/// lines OCR read on across the columns beside it is furniture.
pub fn analyze_page(
    doc: &Document,
    texts: &[Cow<str>],
    model: &GeometryModel,
) -> (Vec<BlockFacts>, LayoutFacts) {
    let declared: Vec<Option<Role>> = doc.blocks.iter().map(|b| b.declared_role).collect();
    let mut facts = analyze(texts, &declared);
    // A reporter's byline that Tesseract read into its story's first lines
    // is a paragraph of its own (`ParagraphBreaks::starts_inside`); the
    // block's rest, which its seams join, is the story's text.
    for (i, f) in facts.iter_mut().enumerate() {
        if declared[i].is_none() && f.role.role == Role::Byline && byline_run_in(doc, &doc.blocks[i]) {
            f.role = RoleCall {
                role: Role::Body,
                reason: BYLINE_RUN_IN,
            };
        }
    }
    // Chinese lines that Tesseract read on across the columns beside them
    // (narrow columns, set close) are no column's text: not joined to any.
    let boxes = doc.has_boxes();
    let gutters = |i: usize| match boxes {
        true => doc.blocks[i].geometry().gutters,
        false => gutters_in_text(&texts[i]),
    };
    for (i, f) in facts.iter_mut().enumerate() {
        if declared[i].is_none() && f.script == Script::Cjk && gutters(i) >= model.read_across_gutters {
            f.role = RoleCall {
                role: Role::Furniture,
                reason: READ_ACROSS_COLUMNS,
            };
        }
    }
    let measure = |facts: &[BlockFacts]| {
        let roles: Vec<Role> = facts.iter().map(|f| f.role.role).collect();
        layout_facts(doc, &roles, model)
    };
    let mut layout = measure(&facts);
    // A block called a headline only for being short, set in the body's
    // type with running text of its column right above and below, is one
    // of Tesseract's one-line paragraphs: body. The column runs are then
    // measured again with it. Latin type is measured against the body's
    // (`type_measured`): the source's type size (hOCR gives one) or its
    // words' heights (ALTO gives those: English ALTO test pages, seam
    // recall 0.893 -> 0.906, wrong joins as before); Chinese
    // type its line height, as Tesseract's Chinese type sizes overlap
    // (below), so ALTO's Chinese blocks count too (`in_runs_type`). On the
    // real-OCR training pages, Chinese hOCR: seam recall 0.534 -> 0.602,
    // wrong joins per 1,000 seams 7.94 -> 8.22 (README.md, Real OCR).
    // Each block it turns to body is running text for the blocks next to
    // it, so the rule is asked again until it turns no more (each round
    // measures the layout again; rounds only ever turn headline guesses to
    // body, and `MAX_RUN_ROUNDS` bounds them on hostile input). Three
    // rounds reach the end on the real-OCR pages; against one round,
    // Chinese train and dev pages (hOCR and ALTO) 39 right joins more and
    // 1 wrong, English train 7 right.
    for _ in 0..MAX_RUN_ROUNDS {
        let in_runs = short_guesses_to_body(&mut facts, &declared, SHORT_IN_RUN, |facts, i| {
            layout.inside_run(i) && in_runs_type(facts[i].script, &layout, i, &texts[i])
        });
        if !in_runs {
            break;
        }
        layout = measure(&facts);
    }
    // A chain of such blocks, each right below the other, has running
    // text only at its ends (one-line paragraphs on rough print), and the
    // rule above never turns its middle: the chain is body when its ends
    // are (`short_chains_in_runs`). On the Chinese real-OCR train pages,
    // hOCR and ALTO, 36 right joins more and 1 wrong when it came (dev 23
    // and 1); since the rule above also takes pieces between swollen
    // lines (`in_runs_type`), 11 and 1 (dev 7 and 0, test none).
    if short_chains_in_runs(&mut facts, &declared, &layout) {
        layout = measure(&facts);
    }
    // A column's last line that a word or phrase runs out of is a piece
    // of the paragraph that goes on in the next column, not a headline
    // (`column_feet`): on the Chinese real-OCR pages, hOCR and ALTO, 126
    // right joins more and none wrong on train, 63 and 1 on dev (test 69
    // and 4). A Latin paragraph's first line read apart
    // (`first_lines_read_apart`): English train pages, hOCR and ALTO, 12
    // right joins more and none wrong, text 24 and 2; dev 4 and 0, text 24
    // and 0.
    if column_feet(&mut facts, &declared, &layout, texts) {
        layout = measure(&facts);
    }
    if first_lines_read_apart(&mut facts, &declared, &layout, texts) {
        layout = measure(&facts);
    }
    // A short block in large type is a headline for its type, not only for
    // its shape: no word running across its seam makes it body then. But a
    // Latin one that goes on from text before it (`ed from it, But the`,
    // `panies but by`) is a piece of a paragraph whose lines specks made
    // tall: on the English real-OCR train and dev pages in hOCR, such
    // headline calls were body 24 times of 25 (the 25th OCR noise). Body,
    // seam recall on the train pages 0.910 -> 0.915 (28 right joins more,
    // 2 wrong, both on pages read across their columns). A Chinese one
    // is body when rough print swelled it ([`swollen_body_piece`]).
    for (i, f) in facts.iter_mut().enumerate() {
        if declared[i].is_some() || !(f.role.role == Role::Body || f.role.is_short_text_guess()) {
            continue;
        }
        match layout.type_size(i) {
            TypeSize::Large
                if match f.script {
                    Script::Latin => !continues_text(&texts[i], f.ending),
                    _ => !swollen_body_piece(&layout, i, &texts[i]),
                } =>
            {
                f.role = RoleCall {
                    role: Role::Headline,
                    reason: "set in larger type than the page's body text",
                }
            }
            // Tesseract's type sizes for Chinese overlap (body 0.80-1.43 of
            // the page median, captions 0.72-1.31, on the training pages):
            // small type says nothing there. Nor does it of a Latin block
            // that goes on from text before it: that is a paragraph's
            // run-off line (`assessment.`, `care.`), whose few letters with
            // ascenders Tesseract measures small; a caption starts a sentence.
            TypeSize::Small
                if f.script == Script::Latin
                    && f.role.role == Role::Body
                    && !continues_text(&texts[i], f.ending) =>
            {
                f.role = RoleCall {
                    role: Role::Caption,
                    reason: "set in smaller type than the page's body text (a caption or a credit)",
                }
            }
            TypeSize::Large | TypeSize::Small | TypeSize::Body => {}
        }
    }
    // Without boxes, a seam with a Latin scrap on a Chinese page was a right
    // join 11 times of 28 on the real-OCR training pages (with boxes 7 of
    // 10). Any Chinese character makes the page Chinese: a share would move
    // with the joins and removals of a run, and a second run must find the
    // same scraps.
    if !layout.has_boxes() && texts.par_iter().any(|t| chars::has_cjk(t)) {
        for (i, f) in facts.iter_mut().enumerate() {
            if declared[i].is_none() && f.role.role == Role::Body && is_latin_scrap(&texts[i]) {
                f.role = RoleCall {
                    role: Role::Furniture,
                    reason: LATIN_SCRAP,
                };
            }
        }
    }
    (facts, layout)
}

/// True when block `i`, a Chinese block in large type by its page's median
/// body line, is a piece of running text that rough print swelled: its
/// lines are no taller than `large_type` times the tallest tenth of the
/// body's ([`LayoutFacts::above_tall_body_lines`]), running text of its
/// column stands right above and below it, and it reads as Chinese text
/// with no Latin letter among it (specks read as letters say noise swelled
/// it, or made it). On the Chinese real-OCR train and dev pages (hOCR and
/// ALTO), calling such blocks body joined 108 seams right and 5 wrong;
/// without the Latin test, 136 right and 8 wrong.
fn swollen_body_piece(layout: &LayoutFacts, i: usize, text: &str) -> bool {
    !layout.above_tall_body_lines(i) && layout.inside_run(i) && !text.chars().any(|c| c.is_ascii_alphabetic())
}

/// True when block `i` is set in the type of the running text around it,
/// as the short-block-in-a-run rule asks (`analyze_page`). A Latin block's
/// type size is measured against the body's ([`LayoutFacts::type_measured`]),
/// and it lies in one column ([`LayoutFacts::across_columns`]: a headline
/// across its article's columns that Tesseract measured in the body's type
/// was body, and made the running text of the columns under it, so that
/// the column above ended nowhere; on the English train pages in ALTO, 14
/// right joins more and one wrong fewer, dev 6 right more and one wrong,
/// hOCR dev one right fewer. Chinese is left out: Tesseract reads its dense
/// lines across gutters, and such reads lost joins); a Chinese one's line
/// height is the body's and its neighbours' ([`LayoutFacts::in_run_type`]),
/// or, where specks swelled the lines
/// around it or Tesseract measured it small, no taller than the body's
/// ([`LayoutFacts::in_body_lines`]) nor than the running text around it
/// ([`LayoutFacts::no_taller_than_run`]: a headline is taller than the
/// lines around it, however swollen the page) when it reads as running text
/// ([`reads_as_running_text`]) without a digit (on the train pages such
/// pieces with digits were noise: `3形式的`, `二和能工巧区8`). That second
/// way, on the Chinese real-OCR pages (hOCR and ALTO): train 141 right
/// joins more and none wrong, dev 61 more and one wrong fewer, heading
/// joins unchanged; with digits, train 152 and 2 wrong, 2 heading joins
/// more; without the text test, 186 and 5, 3 heading joins more.
fn in_runs_type(script: Script, layout: &LayoutFacts, i: usize, text: &str) -> bool {
    match script {
        Script::Latin => {
            layout.type_size(i) == TypeSize::Body && layout.type_measured(i) && !layout.across_columns(i)
        }
        _ => {
            (layout.type_size(i) == TypeSize::Body && layout.in_run_type(i))
                || (layout.type_size(i) != TypeSize::Large
                    && layout.in_body_lines(i)
                    && layout.no_taller_than_run(i)
                    && reads_as_running_text(text)
                    && !text.chars().any(|c| c.is_ascii_digit()))
        }
    }
}

/// Turns to body every chain of short-text guesses printed one right below
/// the other in their column, each in the body's type, with running text
/// right above the first and right below the last. True when any turned.
fn short_chains_in_runs(facts: &mut [BlockFacts], declared: &[Option<Role>], layout: &LayoutFacts) -> bool {
    let member = |f: &BlockFacts, i: usize| {
        declared[i].is_none()
            && f.role.is_short_text_guess()
            && layout.type_size(i) == TypeSize::Body
            && match f.script {
                Script::Latin => layout.type_measured(i) && !layout.across_columns(i),
                _ => layout.in_body_lines(i),
            }
    };
    let mut turned = false;
    let mut i = 0;
    while i < facts.len() {
        if !member(&facts[i], i) || !layout.run_above(i) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end + 1 < facts.len() && member(&facts[end + 1], end + 1) && layout.directly_below(end, end + 1)
        {
            end += 1;
        }
        if end > i && layout.run_below(end) {
            for f in &mut facts[i..=end] {
                f.role = RoleCall {
                    role: Role::Body,
                    reason: SHORT_IN_RUN,
                };
            }
            turned = true;
        }
        i = end + 1;
    }
    turned
}

/// Turns to body every block called a headline only for being short, not
/// in large type, that has running text of its column right above it and
/// none right below, and reads as a piece of running text
/// ([`reads_as_running_text`], [`reads_as_latin_running_text`]). True when
/// any turned. The Latin pieces came later (English train pages in hOCR
/// and ALTO, one right join more each). On the Chinese real-OCR
/// train pages (hOCR), such blocks, large type included, were body 278
/// times of 282 (the others a misread byline, two scraps of noise in large
/// type and a misread jump line, which the tests of type and text now
/// leave out): 500 of 500 on the train pages in hOCR and ALTO now, 199 of
/// 200 on dev. Their seams carry [`crate::FeatureId::ColumnFootPiece`].
fn column_feet(
    facts: &mut [BlockFacts],
    declared: &[Option<Role>],
    layout: &LayoutFacts,
    texts: &[Cow<str>],
) -> bool {
    short_guesses_to_body(facts, declared, COLUMN_FOOT_PIECE, |facts, i| {
        layout.type_size(i) != TypeSize::Large
            && layout.run_above(i)
            && !layout.run_below(i)
            && match facts[i].script {
                Script::Cjk => reads_as_running_text(&texts[i]),
                Script::Latin => reads_as_latin_running_text(&texts[i]),
                Script::Neutral => false,
            }
    })
}

/// Turns to body every Latin block called a headline only for being
/// short, not in large type, that reads as running text
/// ([`reads_as_latin_running_text`]), does not end a sentence, and is
/// followed by a body block that goes on in lower case: a paragraph's first
/// line, which Tesseract read apart at the head of a column or under a
/// byline (`Our stabilization` | `law was shot full of holes`). True when
/// any turned. On the English real-OCR train pages, plain text, such blocks
/// were body 26 times of 26 (dev 22 of 22); asked, besides, for no running
/// text above and the block below right under it (where boxes tell), the
/// rule turned one block fewer in hOCR on train and dev, none of them wrong.
fn first_lines_read_apart(
    facts: &mut [BlockFacts],
    declared: &[Option<Role>],
    layout: &LayoutFacts,
    texts: &[Cow<str>],
) -> bool {
    short_guesses_to_body(facts, declared, FIRST_LINE_READ_APART, |facts, i| {
        facts[i].script == Script::Latin
            && facts[i].ending != Ending::Terminal
            && layout.type_size(i) != TypeSize::Large
            && reads_as_latin_running_text(&texts[i])
            && facts.get(i + 1).is_some_and(|next| next.role.role == Role::Body)
            && goes_on_in_lower_case(&texts[i + 1])
    })
}

/// Turns to body, in order, every block not declared by the input that is
/// called a headline only for being short and of which `turns` holds (asked
/// of the blocks as turned so far), giving `reason`. True when any turned.
fn short_guesses_to_body(
    facts: &mut [BlockFacts],
    declared: &[Option<Role>],
    reason: &'static str,
    turns: impl Fn(&[BlockFacts], usize) -> bool,
) -> bool {
    let mut turned = false;
    for i in 0..facts.len() {
        if declared[i].is_none() && facts[i].role.is_short_text_guess() && turns(facts, i) {
            facts[i].role = RoleCall {
                role: Role::Body,
                reason,
            };
            turned = true;
        }
    }
    turned
}

/// True when `text` reads as a piece of Chinese running text, not as a
/// jump line (`(下转第6版)`, read with or without its bracket), a byline or
/// noise: three Chinese characters or more, no Latin letter, no closing
/// bracket or quote at its end, no `记者` and no `第` before a digit.
fn reads_as_running_text(text: &str) -> bool {
    let text = text.trim();
    text.chars().filter(|&c| chars::is_cjk(c)).count() >= 3
        && !text.chars().any(|c| c.is_ascii_alphabetic())
        && !text.chars().next_back().is_some_and(chars::is_closing)
        && !text.contains("记者")
        && !text
            .split('第')
            .skip(1)
            .any(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
}

/// True when `text` reads as a piece of Latin running text, not as a
/// headline (`These Policies Have Been Devised`), a byline or a jump line
/// (`(Continued on Page 7)`): two words or more, as many of them in lower
/// case as capitalised, no closing bracket or quote at its end.
fn reads_as_latin_running_text(text: &str) -> bool {
    let text = text.trim();
    let (mut words, mut lower) = (0, 0);
    for initial in text
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_letter()))
    {
        words += 1;
        lower += usize::from(initial.is_lowercase());
    }
    words >= 2 && lower > 0 && 2 * lower >= words && !text.chars().next_back().is_some_and(chars::is_closing)
}

/// Why a block called a headline only for being short is body inside its column's run.
pub const SHORT_IN_RUN: &str = "short, but in the body's type between running lines of its column";

/// Spaces in a row that Tesseract's plain text writes for a gutter a line
/// crosses: it keeps the gaps between a line's words as runs of spaces.
const GUTTER_SPACES: usize = 5;

/// The gutters the lines of a plain-text block cross, as
/// [`crate::model::Geometry::gutters`] counts them from boxes: per line,
/// the runs of [`GUTTER_SPACES`] spaces or more between its characters;
/// the upper median over its lines.
fn gutters_in_text(text: &str) -> u32 {
    let mut per_line: Vec<u32> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            line.split(|c: char| c != ' ')
                .filter(|spaces| spaces.len() >= GUTTER_SPACES)
                .count() as u32
        })
        .collect();
    median_by(&mut per_line, u32::cmp).unwrap_or(0)
}

/// Why a Chinese block whose lines OCR read on across the columns beside
/// them is furniture ([`GeometryModel::read_across_gutters`]).
pub const READ_ACROSS_COLUMNS: &str =
    "lines read on across the columns beside them (gutters inside its lines)";

/// Why a short block at the foot of its column's run is body.
pub const COLUMN_FOOT_PIECE: &str = "a column's last line, cut short mid-phrase";

/// Why a block called a headline only for being short is a paragraph's first line.
pub const FIRST_LINE_READ_APART: &str = "a paragraph's first line, read apart from the rest";

/// The most rounds of the short-block-in-a-run rule (`analyze_page`).
const MAX_RUN_ROUNDS: usize = 8;

/// Why a block that opens with a reporter's byline is body.
pub const BYLINE_RUN_IN: &str = "a reporter's byline run into its story's first lines";

/// True when `block`'s first line is a Chinese reporter's byline and its
/// next line runs on with the story's text (`本报记者吴刚` / `而那种把增加收`):
/// Tesseract read the two into one block. A second line of names or a
/// second reporter (`通讯员 刘芳`) is the byline's own.
pub fn byline_run_in(doc: &Document, block: &crate::model::Block) -> bool {
    let [first, second, ..] = block.lines.as_slice() else {
        return false;
    };
    let (first, second) = (doc.slice(first.span).trim(), doc.slice(second.span).trim());
    roles::is_reporter_byline(first)
        && !roles::is_reporter_byline(second)
        && !roles::is_name_list(second)
        && second.chars().filter(|&c| chars::is_cjk(c)).count() >= 2
}

/// Why a scrap of Latin letters on a Chinese page is not body.
pub const LATIN_SCRAP: &str = "a scrap of Latin letters on a Chinese page (OCR noise)";

/// The most visible characters a [`is_latin_scrap`] block has.
const LATIN_SCRAP_CHARS: usize = 12;

/// A short block of Latin letters without a Chinese character (`eaoe`,
/// `ee es`, `， We ，`): what Tesseract reads from specks, rules and
/// photo edges on a rough Chinese page.
fn is_latin_scrap(text: &str) -> bool {
    let (mut n, mut letter) = (0, false);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if chars::is_cjk(c) {
            return false;
        }
        letter |= c.is_ascii_alphabetic();
        n += 1;
        if n > LATIN_SCRAP_CHARS {
            return false;
        }
    }
    letter
}

/// Analyzes every block, given the blocks' texts as [`flatten_blocks`] lays them out.
/// A role the input declares (`declared`, one per block) replaces the one read
/// off the text, but for a caption declared right before an undeclared block
/// that is a caption by its own words (a photo credit): the credit is the
/// caption, and the declaration the OCR engine's guess. Tesseract's hOCR
/// marks the paragraph above a photo's credit `ocr_caption` too; on the
/// real-OCR train pages a declared caption was body 58 times of 107 in
/// English and 166 of 230 in Chinese. Nor does a declared Latin caption
/// or headline that goes on from text before it keep its declaration.
pub fn analyze(texts: &[Cow<str>], declared: &[Option<Role>]) -> Vec<BlockFacts> {
    let refs: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
    let read = roles::assign_roles(&refs);
    let credit_follows = |i: usize| {
        declared.get(i + 1).is_some_and(Option::is_none)
            && read.get(i + 1).is_some_and(RoleCall::is_marked_caption)
    };
    let roles: Vec<RoleCall> = read
        .iter()
        .zip(declared)
        .enumerate()
        .map(|(i, (read, declared))| match declared {
            Some(Role::Caption) if credit_follows(i) && !read.is_marked_caption() => read.clone(),
            Some(Role::Caption | Role::Headline) if goes_on_from_text(refs[i]) => read.clone(),
            Some(role) => RoleCall {
                role: *role,
                reason: roles::DECLARED,
            },
            None => read.clone(),
        })
        .collect();
    refs.par_iter()
        .zip(roles)
        .map(|(text, role)| BlockFacts {
            script: chars::script_of(text),
            role,
            ending: ending_of(text),
            quote_balance: quote_balance(text),
        })
        .collect()
}

/// A Latin block that goes on from text before it ([`continues_text`]):
/// Tesseract's hOCR declares such blocks captions and headlines too (on
/// the English real-OCR train and dev pages, body 27 times of 31, by the
/// blocks' first 40 characters), and their text is read instead.
fn goes_on_from_text(text: &str) -> bool {
    chars::script_of(text) == Script::Latin && continues_text(text, ending_of(text))
}

/// Every block's text as the output lays it out, in block order.
/// A one-line block is borrowed as it stands; only line breaks cost a copy.
pub fn flatten_blocks(doc: &Document) -> Vec<Cow<'_, str>> {
    doc.blocks.par_iter().map(|b| flatten(doc, &b.lines)).collect()
}

/// The text of `lines` as the output lays it out: CJK lines closed up, Latin
/// lines joined by a space (none after a line-end hyphen). Roles and seams are
/// judged on this, so that a run on repaired text sees what the first run saw.
fn flatten<'a>(doc: &'a Document, lines: &[Line]) -> Cow<'a, str> {
    if let [line] = lines {
        return Cow::Borrowed(doc.slice(line.span));
    }
    // Room for the lines and a space between each two: never grown.
    let room = lines.iter().map(|l| l.span.end - l.span.start + 1).sum();
    let mut out = String::with_capacity(room);
    let mut previous: Option<&str> = None;
    for line in lines {
        let text = doc.slice(line.span);
        // Decided on the two lines alone, as the repair lays them out.
        if let Some(previous) = previous {
            out.push_str(line_break_layout(previous, text));
        }
        out.push_str(text);
        previous = Some(text);
    }
    Cow::Owned(out)
}

/// What a line break inside a paragraph becomes when no edit touches it:
/// nothing between CJK characters or after a line-end hyphen (`bran-new`),
/// a space between Latin words and after a suspended hyphen (`pre- and`).
pub fn line_break_layout(left: &str, right: &str) -> &'static str {
    if is_cjk_seam(left, right) {
        return "";
    }
    let mut rev = left.chars().rev();
    let hyphen_after_letter = rev.next().is_some_and(is_hyphen) && rev.next().is_some_and(char::is_letter);
    if hyphen_after_letter && !starts_with_conjunction(right) {
        ""
    } else {
        " "
    }
}

/// True when `left` and `right` meet the CJK way (closed up, judged with CJK
/// evidence): a CJK character, CJK punctuation or a full-width form (`２２２`
/// | `０亿元`) on either side of the break, or as the nearest letter past
/// punctuation and quotes (`强,` | `“云`). Curly quotes and dashes, which
/// Latin text prints too, decide nothing alone (`…science and` | `“This`).
pub fn is_cjk_seam(left: &str, right: &str) -> bool {
    let cjkish = chars::is_spaceless;
    let letter = |c: &char| c.is_letter_or_number();
    left.chars().next_back().is_some_and(cjkish)
        || right.chars().next().is_some_and(cjkish)
        || left.chars().rev().find(letter).is_some_and(cjkish)
        || right.chars().find(letter).is_some_and(cjkish)
}

/// English words that cannot end a sentence: articles, prepositions,
/// conjunctions, possessives. A block ending on one is cut mid-sentence.
const FUNCTION_WORDS: [&str; 36] = [
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "upon", "and", "or",
    "but", "nor", "as", "than", "that", "which", "whose", "our", "my", "your", "their", "his", "her", "its",
    "this", "these", "those", "every", "no", "such",
];

/// True when the last word of `text` is an English function word (`the`, `of`).
pub fn ends_with_function_word(text: &str) -> bool {
    let word = text
        .trim_end()
        .rsplit(|c: char| !c.is_letter())
        .next()
        .unwrap_or("");
    !word.is_empty() && FUNCTION_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// `and`, `or`, `nor`, `to` opening `right`: after `pre-` they make a suspended hyphen.
pub fn starts_with_conjunction(right: &str) -> bool {
    let word: String = right.chars().take_while(|c| c.is_letter()).collect();
    matches!(word.as_str(), "and" | "or" | "nor" | "to")
}

/// True when `text` opens with a Chinese list item's ordinal: `第四，`,
/// `第二、`, `四是`, `三、`, `（二）`, spaces between them or not (hOCR
/// and ALTO give Chinese words apart: `四 是 严格`). A list item starts a
/// paragraph of its own, wherever the lines before it stop.
pub fn opens_chinese_list_item(text: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let head: String = text.chars().filter(|c| !c.is_whitespace()).take(6).collect();
    let text = head.as_str();
    let after = |rest: &str| -> Option<char> {
        let digits = rest.chars().take_while(|&c| NUMERALS.contains(c)).count();
        (1..=3)
            .contains(&digits)
            .then(|| rest.chars().nth(digits))
            .flatten()
    };
    if let Some(inner) = text.strip_prefix('（').or_else(|| text.strip_prefix('(')) {
        return matches!(after(inner), Some('）' | ')'));
    }
    match text.strip_prefix('第') {
        Some(rest) => matches!(after(rest), Some('，' | '、' | ',' | '是')),
        None => matches!(after(text), Some('是' | '、')),
    }
}

/// Classifies how `text` ends.
pub fn ending_of(text: &str) -> Ending {
    let trimmed = text.trim_end();
    let mut rev = trimmed.chars().rev();
    if let (Some(last), Some(before)) = (rev.next(), rev.next()) {
        if is_hyphen(last) && before.is_letter() && !chars::is_cjk(before) {
            return Ending::Hyphen;
        }
    }
    match last_significant(trimmed) {
        Some('.') if ends_with_abbreviation(trimmed) => Ending::Open,
        Some(c) if is_terminal(c) => Ending::Terminal,
        Some(c) if is_clause_punct(c) => Ending::Clause,
        _ => Ending::Open,
    }
}

/// `Mr.`, `Gen.`, `U.S.`, an initial `J.`: a period that does not end a sentence.
fn ends_with_abbreviation(text: &str) -> bool {
    let last_word = text
        .trim_end_matches(|c: char| is_closing(c) || c == '.')
        .rsplit(|c: char| c.is_whitespace() || is_opening(c))
        .next()
        .unwrap_or("");
    const ABBREVIATIONS: [&str; 16] = [
        "mr", "mrs", "ms", "dr", "st", "gen", "col", "capt", "lt", "sen", "rep", "gov", "hon", "rev", "no",
        "vs",
    ];
    let word = last_word.to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
        || (last_word.chars().count() == 1 && last_word.chars().all(char::is_uppercase))
}

fn quote_balance(text: &str) -> i32 {
    let mut depth: i32 = 0;
    for c in text.chars() {
        if matches!(c, '“' | '（' | '(' | '《' | '「' | '【' | '[') {
            depth += 1;
        } else if matches!(c, '”' | '）' | ')' | '》' | '」' | '】' | ']') {
            depth -= 1;
        }
    }
    depth
}

/// True for a role that may be joined with a neighbour.
pub fn joinable(role: Role) -> bool {
    role == Role::Body
}

/// The block (`text`, which ends as `ending` says) reads as the rest of a
/// paragraph: its first letter is lower case, and it ends a sentence (a
/// paragraph's last line: `assessment.`) or runs to three words or more.
/// A shorter scrap (`ets`, `si=`) is as often a speck or a misread caption.
fn continues_text(text: &str, ending: Ending) -> bool {
    goes_on_in_lower_case(text) && (ending == Ending::Terminal || text.split_whitespace().nth(2).is_some())
}

/// True when the first letter of `text` is lower case: it goes on from
/// text before it.
fn goes_on_in_lower_case(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_letter())
        .is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_list_items_are_told_by_their_ordinals() {
        for item in [
            "第四，调整乡镇",
            "第二、中国主张",
            "四 是 严格，",
            "三、加强",
            "（二）坚持",
            "(十二)改革",
            "三是",
        ] {
            assert!(opens_chinese_list_item(item), "{item}");
        }
        // A continuation that starts with a numeral or with 第, a year in
        // numerals, a bracketed note: no list item.
        for text in [
            "第四次会议",
            "四个现代化",
            "十分重要",
            "一九八五年",
            "（注）",
            "五",
        ] {
            assert!(!opens_chinese_list_item(text), "{text}");
        }
    }

    /// Roles of an hOCR column whose paragraphs are `(x_size, lines)`, each
    /// line 30 high, or as high as its `x_size` when that is more.
    fn roles_in_type(paragraphs: &[(u32, &[&str])]) -> Vec<RoleCall> {
        let mut html = String::from("<html><body><div class='ocr_page' title='bbox 0 0 800 4000'>");
        let mut y = 100;
        for (p, (size, lines)) in paragraphs.iter().enumerate() {
            let top = y;
            let mut body = String::new();
            for text in lines.iter() {
                let bottom = y + (*size).max(30);
                body.push_str(&format!(
                    "<span class='ocr_line' title='bbox 100 {y} 700 {bottom}; x_size {size}'>{text}</span>"
                ));
                y = bottom;
            }
            html.push_str(&format!(
                "<p class='ocr_par' id='par_{p}' title='bbox 100 {top} 700 {y}'>{body}</p>"
            ));
        }
        html.push_str("</div></body></html>");
        roles_of(&crate::input::parse_hocr("page.hocr".into(), html.as_bytes()).unwrap())
    }

    #[test]
    fn a_run_off_line_in_small_type_is_body_and_a_caption_in_small_type_is_not() {
        let body = RUNNING;
        let roles = roles_in_type(&[
            (30, body),
            // Tesseract measures a short line of few tall letters small.
            (20, &["assessment."]),
            (30, body),
            (20, &["The new pier from the harbour wall."]),
            (30, body),
            // A scrap of two words is as often a speck or a misread caption.
            (20, &["ets oe"]),
            (30, body),
        ]);
        assert_eq!(roles[1].role, Role::Body, "{:?}", roles[1]);
        assert_eq!((roles[3].role, roles[3].reason), (Role::Caption, SMALL));
        assert_eq!((roles[5].role, roles[5].reason), (Role::Caption, SMALL));
    }

    /// The roles of an ALTO page of `paragraphs` set one under another, each
    /// with its words' height: ALTO gives no type size, only word boxes.
    fn roles_in_alto(paragraphs: &[(u32, &[&str])]) -> Vec<RoleCall> {
        let mut alto = String::from("<alto><Layout><Page ID='p' WIDTH='800' HEIGHT='4000'><PrintSpace>");
        let mut y = 100;
        for (p, (height, lines)) in paragraphs.iter().enumerate() {
            let top = y;
            let mut body = String::new();
            for text in lines.iter() {
                let words: String = text
                    .split(' ')
                    .map(|w| format!("<String CONTENT='{w}' HEIGHT='{height}'/>"))
                    .collect();
                body.push_str(&format!(
                    "<TextLine HPOS='100' VPOS='{y}' WIDTH='600' HEIGHT='30'>{words}</TextLine>"
                ));
                y += 30;
            }
            alto.push_str(&format!(
                "<TextBlock ID='b{p}' HPOS='100' VPOS='{top}' WIDTH='600' HEIGHT='{}'>{body}</TextBlock>",
                y - top
            ));
        }
        alto.push_str("</PrintSpace></Page></Layout></alto>");
        roles_of(&crate::input::parse_alto("page.xml".into(), alto.as_bytes()).unwrap())
    }

    /// The roles `doc`'s analysis gives its blocks.
    fn roles_of(doc: &Document) -> Vec<RoleCall> {
        let texts = flatten_blocks(doc);
        let (facts, _) = analyze_page(doc, &texts, &crate::DecisionModel::shipped().geometry);
        facts.into_iter().map(|f| f.role).collect()
    }

    #[test]
    fn a_byline_read_into_its_storys_first_lines_is_a_paragraph_of_its_own() {
        let page = "今年的工作\n\n本报记者吴刚\n而那种把增加收入的主要希望\n寄托在提高价格上的做法\n\n\
                    本报记者 吴刚\n通讯员 刘芳\n\n正文。";
        let doc = crate::input::parse_plain("t.txt".into(), page.as_bytes().to_vec()).unwrap();
        let roles = roles_of(&doc);
        assert_eq!((roles[1].role, roles[1].reason), (Role::Body, BYLINE_RUN_IN));
        // Two reporters, one a line: a byline.
        assert_eq!(roles[2].role, Role::Byline, "{:?}", roles[2]);
        let r = crate::repair::repair(doc, &crate::Options::default());
        let text = r.apply_at_least(crate::Applicability::Safe).text;
        assert!(
            text.contains("本报记者吴刚\n\n而那种把增加收入的主要希望寄托在提高价格上的做法"),
            "{text}"
        );
    }

    /// Three lines of a paragraph of running text.
    const RUNNING: &[&str] = &[
        "The harbour board met on Monday and heard the",
        "engineers report on the pier, which was finished",
        "in good time for the season and under its",
    ];

    const RUNNING_ZH: &[&str] = &[
        "今年以来，全市新建充电站十九座，",
        "充电桩一百一十三根，超额完成了",
        "全年的目标任务。",
    ];

    #[test]
    fn a_piece_of_a_paragraph_in_large_type_is_body_and_a_headline_is_not() {
        let body = RUNNING;
        let roles = roles_in_type(&[
            (30, body),
            // Specks swell a paragraph's two lines: it goes on from the text above.
            (60, &["ed from it, but the long", "range difficulties we face"]),
            (30, body),
            (60, &["Harbour Board Report"]),
            (30, body),
        ]);
        assert_eq!(roles[1].role, Role::Body, "{:?}", roles[1]);
        assert_eq!(
            (roles[3].role, roles[3].reason),
            (Role::Headline, "set in larger type than the page's body text")
        );
    }

    #[test]
    fn a_headline_across_columns_in_the_bodys_type_is_in_no_columns_run() {
        // Two columns of running text, a one-line block in the body's type
        // between their paragraphs: across both columns (the next article's
        // headline, as Tesseract measured one on the English train pages in
        // ALTO), or in the left column only (a piece of its paragraph).
        let page = |piece_right: u32| {
            let mut html = String::from("<html><body><div class='ocr_page' title='bbox 0 0 800 4000'>");
            let para = |id: &str, x: u32, y: u32, lines: &[&str]| {
                let spans: String = lines
                    .iter()
                    .enumerate()
                    .map(|(k, text)| {
                        let (top, right) = (y + 30 * k as u32, x + 300);
                        format!("<span class='ocr_line' title='bbox {x} {top} {right} {}; x_size 30'>{text}</span>", top + 30)
                    })
                    .collect();
                let bottom = y + 30 * lines.len() as u32;
                format!(
                    "<p class='ocr_par' id='{id}' title='bbox {x} {y} {} {bottom}'>{spans}</p>",
                    x + 300
                )
            };
            html.push_str(&para("left_top", 100, 100, RUNNING));
            html.push_str(&para("right_top", 450, 100, RUNNING));
            html.push_str(&format!(
                "<p class='ocr_par' id='piece' title='bbox 100 200 {piece_right} 230'>\
                 <span class='ocr_line' title='bbox 100 200 {piece_right} 230; x_size 30'>He Has A Sincere And</span></p>"
            ));
            html.push_str(&para("left_foot", 100, 240, RUNNING));
            html.push_str(&para("right_foot", 450, 240, RUNNING));
            html.push_str("</div></body></html>");
            roles_of(&crate::input::parse_hocr("page.hocr".into(), html.as_bytes()).unwrap())[2].clone()
        };
        assert_eq!(page(750).role, Role::Headline, "{:?}", page(750));
        assert_eq!((page(400).role, page(400).reason), (Role::Body, SHORT_IN_RUN));
    }

    #[test]
    fn chinese_lines_read_across_columns_are_furniture() {
        // One-line blocks 30 high, their words 10 apart, or 100 apart
        // where the line crossed a gutter: two gutters, then one.
        let role = |texts: [&str; 4], gaps: [u32; 3]| {
            let mut x = 0;
            let mut words = String::new();
            for (k, text) in texts.iter().enumerate() {
                words.push_str(&format!(
                    "<span class='ocrx_word' title='bbox {x} 0 {} 30'>{text}</span> ",
                    x + 60
                ));
                x += 60 + gaps.get(k).copied().unwrap_or(0);
            }
            let html = format!(
                "<div class='ocr_page'><p class='ocr_par' id='p' title='bbox 0 0 {x} 30'>\
                 <span class='ocr_line' title='bbox 0 0 {x} 30'>{words}</span></p></div>"
            );
            roles_of(&crate::input::parse_hocr("page.hocr".into(), html.as_bytes()).unwrap())[0].clone()
        };
        let chinese = ["社会筹集不足的", "厉打击境内外敌", "做好新形势", "治思想工作"];
        assert_eq!(
            (
                role(chinese, [10, 100, 100]).role,
                role(chinese, [10, 100, 100]).reason
            ),
            (Role::Furniture, READ_ACROSS_COLUMNS)
        );
        assert_ne!(role(chinese, [10, 100, 10]).reason, READ_ACROSS_COLUMNS);
        // Plain text: Tesseract writes the gaps as runs of spaces.
        let page = "社会筹集不足的      厉打击境内外敌      做好新形势\n\n社会筹集不足的 厉打击境内外敌      做好新形势\n";
        let roles = roles_of(&crate::input::parse_plain_text("page.txt".into(), page.into()).unwrap());
        assert_eq!(roles[0].reason, READ_ACROSS_COLUMNS);
        assert_ne!(roles[1].reason, READ_ACROSS_COLUMNS);
        assert_eq!(gutters_in_text("甲乙     丙丁\n甲乙 丙丁\n甲     乙     丙"), 1);
        // Latin lines are left as they were read.
        let latin = [
            "The council met",
            "on Monday to",
            "hear the report",
            "of the roads.",
        ];
        assert_ne!(role(latin, [10, 100, 100]).reason, READ_ACROSS_COLUMNS);
    }

    #[test]
    fn short_blocks_in_a_run_turn_body_round_by_round() {
        // Four short one-line blocks between two paragraphs: the middle two
        // have running text within two lines above and below, the outer two
        // only once the middle ones are body.
        let short: [&[&str]; 4] = [&["新建充电站"], &["充电桩一百"], &["超额完成了"], &["全年的目标"]];
        let mut column: Vec<(u32, &[&str])> = vec![(30, RUNNING_ZH)];
        column.extend(short.map(|lines| (30, lines)));
        column.push((30, RUNNING_ZH));
        let roles = roles_in_type(&column);
        for call in &roles[1..5] {
            assert_eq!((call.role, call.reason), (Role::Body, SHORT_IN_RUN));
        }
    }

    #[test]
    fn a_chain_of_short_blocks_between_running_lines_is_body_in_the_bodys_type_only() {
        // Six one-line blocks: none but the ends has running text within
        // two lines, and the ends only on one side.
        let short: [&[&str]; 6] = [
            &["新建充电站"],
            &["充电桩一百"],
            &["超额完成了"],
            &["全年的目标"],
            &["任务并且还"],
            &["建成了三座"],
        ];
        let chain = |size: u32| {
            let mut column: Vec<(u32, &[&str])> = vec![(30, RUNNING_ZH)];
            column.extend(short.map(|lines| (size, lines)));
            column.push((30, RUNNING_ZH));
            roles_in_type(&column)
        };
        for call in &chain(30)[1..7] {
            assert_eq!((call.role, call.reason), (Role::Body, SHORT_IN_RUN));
        }
        for call in &chain(60)[1..7] {
            assert_eq!(call.role, Role::Headline, "{call:?}");
        }
    }

    #[test]
    fn a_chinese_piece_between_swollen_lines_is_body_when_it_reads_as_running_text() {
        // Specks swelled the lines right above and below (40 against the
        // piece's 30: past `run_type`), but the piece is in the body's
        // line height.
        let roles = |piece: &'static str| {
            let piece = [piece];
            let mut column: Vec<(u32, &[&str])> = vec![(30, RUNNING_ZH); 4];
            column.extend([(40, RUNNING_ZH), (30, &piece[..]), (40, RUNNING_ZH)]);
            column.extend([(30, RUNNING_ZH); 4]);
            roles_in_type(&column)[5].clone()
        };
        let call = roles("增强全民的法制观");
        assert_eq!((call.role, call.reason), (Role::Body, SHORT_IN_RUN));
        for noise in ["增强全民的3法制观", "增强全民ee法制观", "法制"] {
            assert_eq!(roles(noise).role, Role::Headline, "{noise}");
        }
    }

    #[test]
    fn a_chinese_columns_last_line_cut_mid_phrase_is_body_and_a_misread_jump_line_is_not() {
        let roles = roles_in_type(&[(30, RUNNING_ZH), (30, RUNNING_ZH), (30, &["充电桩一百一十"])]);
        assert_eq!((roles[2].role, roles[2].reason), (Role::Body, COLUMN_FOOT_PIECE));
        // Running text below it: the rule for a block inside a run decides.
        let roles = roles_in_type(&[(30, RUNNING_ZH), (30, &["充电桩一百一十"]), (30, RUNNING_ZH)]);
        assert_eq!(roles[1].reason, SHORT_IN_RUN);
        for jump in ["村第4碑)", "第7天丰", "T下于和5县", "可报记者黄海涛", "本"] {
            let roles = roles_in_type(&[(30, RUNNING_ZH), (30, RUNNING_ZH), (30, &[jump])]);
            assert_ne!(roles[2].role, Role::Body, "{jump}: {:?}", roles[2]);
        }
    }

    #[test]
    fn a_latin_columns_last_line_cut_mid_phrase_is_body_and_a_title_there_is_not() {
        let roles = roles_in_type(&[(30, RUNNING), (30, RUNNING), (30, &["Harbour works"])]);
        assert_eq!((roles[2].role, roles[2].reason), (Role::Body, COLUMN_FOOT_PIECE));
        for title in ["Harbour Board Report", "Pier", "the harbour (Photo)"] {
            let roles = roles_in_type(&[(30, RUNNING), (30, RUNNING), (30, &[title])]);
            assert_ne!(roles[2].role, Role::Body, "{title}: {:?}", roles[2]);
        }
    }

    #[test]
    fn a_paragraphs_first_line_read_apart_is_body_and_a_headline_is_not() {
        const GOES_ON: &[&str] = &[
            "law was shot full of holes at the last",
            "session, and the engineers report on the",
            "pier was heard in good time for the season.",
        ];
        let roles = roles_in_type(&[(30, &["Our stabilization"]), (30, GOES_ON)]);
        assert_eq!(
            (roles[0].role, roles[0].reason),
            (Role::Body, FIRST_LINE_READ_APART)
        );
        // The same in plain text, under a byline.
        let page = format!("By CLARA BENTON\n\nOur stabilization\n\n{}", GOES_ON.join("\n"));
        let roles = roles_of(&crate::input::parse_plain("t.txt".into(), page.into_bytes()).unwrap());
        assert_eq!(
            (roles[1].role, roles[1].reason),
            (Role::Body, FIRST_LINE_READ_APART)
        );
        // A headline (title-cased, or over text that opens a sentence) and
        // a line that ends a sentence are not turned by it.
        for (head, below) in [
            ("These Policies Have Been", GOES_ON),
            (
                "| Ask That",
                &["| ask that this extension be granted", "for the season."][..],
            ),
            ("Our stabilization", RUNNING),
            ("Our stabilization act.", GOES_ON),
        ] {
            let roles = roles_in_type(&[(30, &[head]), (30, below)]);
            assert_ne!(roles[0].reason, FIRST_LINE_READ_APART, "{head}: {:?}", roles[0]);
        }
    }

    #[test]
    fn a_chinese_piece_swollen_by_rough_print_is_no_headline_for_its_type() {
        const LARGE: &str = "set in larger type than the page's body text";
        let body = RUNNING_ZH;
        let piece: &[&str] = &["继续推进集体企业改革，发展多种"];
        let specked: &[&str] = &["继续推进集体ee企业改革，发展"];
        // Rough print: the body's lines 30 to 52 high, the two pieces 75
        // (median 44, the tallest tenth 75): past 1.6 times the median only.
        let mut rough: Vec<(u32, &[&str])> = [30, 32, 34, 36, 38, 40, 44, 48, 50, 52]
            .map(|size| (size, body))
            .to_vec();
        rough.insert(3, (75, piece));
        rough.insert(7, (75, specked));
        let roles = roles_in_type(&rough);
        assert_ne!(roles[3].reason, LARGE, "{:?}", roles[3]);
        assert_eq!((roles[7].role, roles[7].reason), (Role::Headline, LARGE));
        // In clean print the same block is a headline for its type.
        let mut clean: Vec<(u32, &[&str])> = vec![(30, body); 10];
        clean.insert(3, (75, piece));
        assert_eq!(roles_in_type(&clean)[3].reason, LARGE);
    }

    /// Why a block in small type is a caption.
    const SMALL: &str = "set in smaller type than the page's body text (a caption or a credit)";

    #[test]
    fn in_alto_the_words_heights_tell_a_caption_and_a_line_of_running_text() {
        let body = RUNNING;
        let roles = roles_in_alto(&[
            (24, body),
            (16, &["The new pier from the harbour wall."]),
            (24, body),
            // Short and unpunctuated, but in the body's type between its lines.
            (24, &["Harbour Board Report"]),
            (24, body),
        ]);
        assert_eq!((roles[1].role, roles[1].reason), (Role::Caption, SMALL));
        assert_eq!((roles[3].role, roles[3].reason), (Role::Body, SHORT_IN_RUN));
        // Running lines whose words give no height (a `HEIGHT` of 0 is no
        // length): the short block's type is measured against nothing.
        let roles = roles_in_alto(&[(0, body), (24, &["Harbour Board Report"]), (0, body)]);
        assert_eq!(roles[1].role, Role::Headline, "{:?}", roles[1]);
    }

    #[test]
    fn endings() {
        assert_eq!(ending_of("双方和解。"), Ending::Terminal);
        assert_eq!(ending_of("他说：“好。”"), Ending::Terminal);
        assert_eq!(ending_of("新建充电站19座、充"), Ending::Open);
        assert_eq!(ending_of("凝聚力强,"), Ending::Clause);
        assert_eq!(ending_of("an exam-"), Ending::Hyphen);
        assert_eq!(ending_of("said Mr."), Ending::Open);
        assert_eq!(ending_of("the end."), Ending::Terminal);
        assert_eq!(ending_of("a pause —"), Ending::Open);
    }

    #[test]
    fn cjk_seams() {
        assert!(is_cjk_seam("强,", "“云"));
        assert!(is_cjk_seam("他说：", "“我们"));
        assert!(is_cjk_seam("2 2 2", "０亿元"));
        assert!(
            !is_cjk_seam("science and", "“This is"),
            "a curly quote is Latin too"
        );
        assert!(!is_cjk_seam("a pause —", "‘and then"));
    }

    #[test]
    fn unclosed_quotes() {
        assert_eq!(quote_balance("他说：“我们"), 1);
        assert_eq!(quote_balance("“一键”疏通"), 0);
    }

    #[test]
    fn a_declared_caption_before_a_photo_credit_is_read_by_its_text() {
        let texts: Vec<Cow<str>> = [
            "The council met on Monday and agreed that the work on the new bridge should go on since the men are",
            "The new school building seen from the north. (Photo: George Baker)",
            "ready to begin.",
            "Crowds gather for the opening of the bridge.",
        ]
        .map(Cow::Borrowed)
        .to_vec();
        let roles = |declared: &[Option<Role>]| -> Vec<Role> {
            analyze(&texts, declared).iter().map(|f| f.role.role).collect()
        };
        // Tesseract's hOCR calls the paragraph above a photo's credit a
        // caption too: the credit that follows, undeclared, is the caption.
        assert_eq!(
            roles(&[Some(Role::Caption), None, None, None]),
            [Role::Body, Role::Caption, Role::Body, Role::Body]
        );
        // A caption whose credit the input declares as well (two regions of
        // one caption) keeps its declaration.
        assert_eq!(
            roles(&[Some(Role::Caption), Some(Role::Caption), None, None]),
            [Role::Caption, Role::Caption, Role::Body, Role::Body]
        );
        // A declared caption with no credit after it keeps its declaration,
        // but for Latin text that goes on from a sentence before it (`ready
        // to begin.`): on the English real-OCR train and dev pages in hOCR,
        // declared captions and headlines so were body 27 times of 31.
        assert_eq!(
            roles(&[None, None, Some(Role::Caption), Some(Role::Caption)])[2..],
            [Role::Body, Role::Caption]
        );
        assert_eq!(roles(&[None, None, Some(Role::Headline), None])[2], Role::Body);
    }
}
