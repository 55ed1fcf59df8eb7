//! Chinese words: jieba's dictionary and its segmentation, without jieba's
//! load. The dictionary (`data/zh-words.tsv`, jieba's 349,045 words and
//! their frequencies, MIT) is compiled by `build.rs` into a character trie
//! the binary carries and reads in place, where jieba-rs built its own trie
//! on every run (0.42 G instructions, a third of a Chinese megabyte's
//! repair). [`ChineseWords::segment`] cuts text as jieba-rs's
//! `cut(text, false)` does, word for word (checked against it in the tests).

use std::ops::Range;

/// Where each node's children start (see `build.rs` for the layout).
static CHILDREN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/zh-words-children.bin"));
/// The character on the edge into each node.
static CHARS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/zh-words-chars.bin"));
/// The frequency of the word each node ends, 0 for none.
static FREQUENCIES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/zh-words-frequencies.bin"));
/// The root's child for each character from [`FIRST_TABLED`] on, 0 for none.
static FIRST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/zh-words-first.bin"));
/// The first character `FIRST` has an entry for (the CJK unified ideographs).
const FIRST_TABLED: u32 = 0x4E00;

/// The sum of the dictionary's frequencies.
const TOTAL_FREQUENCY: u64 = include!(concat!(env!("OUT_DIR"), "/zh-words-total.rs"));

/// The `i`th little-endian `u32` of `array`.
fn entry(array: &[u8], i: usize) -> u32 {
    let mut le = [0u8; 4];
    le.copy_from_slice(&array[4 * i..4 * i + 4]);
    u32::from_le_bytes(le)
}

/// A node of the dictionary's trie: the words it ends are the prefixes that
/// lead to it.
#[derive(Clone, Copy)]
struct Node(u32);

impl Node {
    const ROOT: Node = Node(0);

    /// The node `c` leads to from this one.
    fn child(self, c: char) -> Option<Node> {
        let c = c as u32;
        if self.0 == 0 && c >= FIRST_TABLED {
            let i = (c - FIRST_TABLED) as usize;
            if i < FIRST.len() / 4 {
                return Some(entry(FIRST, i)).filter(|&n| n != 0).map(Node);
            }
        }
        let (mut low, mut high) = (
            entry(CHILDREN, self.0 as usize),
            entry(CHILDREN, self.0 as usize + 1),
        );
        while low < high {
            let middle = low + (high - low) / 2;
            match entry(CHARS, middle as usize).cmp(&c) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(Node(middle)),
            }
        }
        None
    }

    /// The frequency of the word this node ends, if it ends one.
    fn frequency(self) -> Option<u32> {
        Some(entry(FREQUENCIES, self.0 as usize)).filter(|&f| f != 0)
    }
}

/// jieba's dictionary of Chinese words, with their frequencies.
pub struct ChineseWords {
    /// ln of [`TOTAL_FREQUENCY`]: a word's log-probability is its
    /// frequency's log less this.
    log_total: f64,
}

/// The best way to cut the text from one character on: its log-probability,
/// and where the first word ends.
#[derive(Clone, Copy)]
struct Step {
    log_p: f64,
    end: usize,
}

impl ChineseWords {
    /// The shipped dictionary.
    pub fn shipped() -> &'static ChineseWords {
        static WORDS: std::sync::OnceLock<ChineseWords> = std::sync::OnceLock::new();
        WORDS.get_or_init(|| ChineseWords {
            log_total: (TOTAL_FREQUENCY as f64).ln(),
        })
    }

    /// True when the dictionary holds `word`.
    pub fn has_word(&self, word: &str) -> bool {
        word.chars()
            .try_fold(Node::ROOT, |node, c| node.child(c))
            .is_some_and(|node| node.frequency().is_some())
    }

    /// The dictionary word that [`Self::segment`] puts across the seam of
    /// `left` and `right` (cut as one text), if any. Most seams asked
    /// (reassembly asks of every pair of blocks it weighs) have no
    /// dictionary word across them at all, which a few steps into the trie
    /// from the characters before the seam tell, without joining the two
    /// or segmenting them.
    pub fn word_across(&self, left: &str, right: &str) -> Option<String> {
        let mut starts = left.char_indices().rev().take_while(|&(_, c)| is_segmented(c));
        if !starts.any(|(start, _)| reaches_into(&left[start..], right)) {
            return None;
        }
        let text = format!("{left}{right}");
        let at = left.len();
        self.segment(&text)
            .into_iter()
            .find(|word| word.start < at && at < word.end && self.has_word(&text[word.clone()]))
            .map(|word| text[word].to_string())
    }

    /// The byte ranges of the words of `text`, in order, as jieba cuts it
    /// without its HMM: runs of CJK characters, ASCII letters and digits
    /// and `+#&._%-` are cut along the most probable sequence of dictionary
    /// words (a character no word covers counts as a word seen once), what
    /// that leaves as single ASCII letters and digits is closed up into one
    /// word, and every other character is a word of its own (`\r\n`
    /// together).
    pub fn segment(&self, text: &str) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        let mut chars: Vec<(usize, char)> = Vec::new();
        let mut route: Vec<Step> = Vec::new();
        let mut rest = text.char_indices().peekable();
        while let Some(&(start, first)) = rest.peek() {
            chars.clear();
            let segmented = is_segmented(first);
            while let Some(&(at, c)) = rest.peek() {
                if is_segmented(c) != segmented {
                    break;
                }
                chars.push((at, c));
                rest.next();
            }
            let end = rest.peek().map_or(text.len(), |&(at, _)| at);
            if segmented {
                self.cut_run(end, &chars, &mut route, &mut words);
            } else {
                let mut at = start;
                while at < end {
                    let next = if text[at..end].starts_with("\r\n") {
                        at + 2
                    } else {
                        at + text[at..].chars().next().map_or(1, char::len_utf8)
                    };
                    words.push(at..next);
                    at = next;
                }
            }
        }
        words
    }

    /// Cuts one run of characters jieba segments (`chars`, with their byte
    /// offsets; the run ends at byte `end`) into `words`.
    fn cut_run(
        &self,
        end: usize,
        chars: &[(usize, char)],
        route: &mut Vec<Step>,
        words: &mut Vec<Range<usize>>,
    ) {
        let n = chars.len();
        let byte_at = |i: usize| chars.get(i).map_or(end, |&(at, _)| at);
        route.clear();
        route.resize(n + 1, Step { log_p: 0.0, end: n });
        // From the end back: the best cut from each character on, among the
        // dictionary words starting there (ties to the longest, as jieba).
        for i in (0..n).rev() {
            let mut best: Option<Step> = None;
            let mut node = Node::ROOT;
            for (j, &(_, c)) in chars.iter().enumerate().skip(i) {
                let Some(next) = node.child(c) else { break };
                node = next;
                if let Some(frequency) = node.frequency() {
                    let end = j + 1;
                    let log_p = f64::from(frequency).ln() - self.log_total + route[end].log_p;
                    if best.is_none_or(|b| log_p > b.log_p || (log_p == b.log_p && end > b.end)) {
                        best = Some(Step { log_p, end });
                    }
                }
            }
            route[i] = best.unwrap_or(Step {
                log_p: (0.0 - self.log_total) + route[i + 1].log_p,
                end: i + 1,
            });
        }
        // Then along the route, single ASCII letters and digits closed up.
        let (mut i, mut letters) = (0, None);
        while i < n {
            let end = route[i].end;
            if end - i == 1 && chars[i].1.is_ascii_alphanumeric() {
                letters.get_or_insert(i);
            } else {
                if let Some(from) = letters.take() {
                    words.push(byte_at(from)..byte_at(i));
                }
                words.push(byte_at(i)..byte_at(end));
            }
            i = end;
        }
        if let Some(from) = letters {
            words.push(byte_at(from)..byte_at(n));
        }
    }
}

/// True when a dictionary word starts with `left` and goes on into `right`.
fn reaches_into(left: &str, right: &str) -> bool {
    let Some(node) = left.chars().try_fold(Node::ROOT, |node, c| node.child(c)) else {
        return false;
    };
    let mut node = node;
    for c in right.chars() {
        let Some(next) = node.child(c) else {
            return false;
        };
        node = next;
        if node.frequency().is_some() {
            return true;
        }
    }
    false
}

/// The characters jieba segments by its dictionary (its `RE_HAN_DEFAULT`):
/// CJK ideographs, ASCII letters and digits, and `+#&._%-`. Any other
/// character is a word of its own.
fn is_segmented(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
        | 'a'..='z' | 'A'..='Z' | '0'..='9'
        | '+' | '#' | '&' | '.' | '_' | '%' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn jieba() -> &'static jieba_rs::Jieba {
        static JIEBA: std::sync::OnceLock<jieba_rs::Jieba> = std::sync::OnceLock::new();
        JIEBA.get_or_init(jieba_rs::Jieba::new)
    }

    fn jieba_words(text: &str) -> Vec<Range<usize>> {
        jieba()
            .cut(text, false)
            .into_iter()
            .map(|t| t.byte_start..t.byte_end)
            .collect()
    }

    fn assert_cut_as_jieba(text: &str) {
        let ours: Vec<&str> = ChineseWords::shipped()
            .segment(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        let jieba: Vec<&str> = jieba_words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(ours, jieba, "{text:?}");
    }

    #[test]
    fn holds_jiebas_words() {
        let words = ChineseWords::shipped();
        for word in ["我们", "充电站", "政府", "1号店", "中华人民共和国"] {
            assert_eq!(words.has_word(word), jieba().has_word(word), "{word}");
            assert!(words.has_word(word), "{word}");
        }
        for word in ["电桩", "们我", "政府工作报告", "", "a"] {
            assert_eq!(words.has_word(word), jieba().has_word(word), "{word}");
        }
        let entries = crate::zh_words::FREQUENCIES.len() / 4;
        let counted = (0..entries)
            .filter(|&i| Node(i as u32).frequency().is_some())
            .count();
        assert_eq!(counted, 349_045);
    }

    #[test]
    fn cuts_text_as_jieba_does() {
        for text in [
            "",
            "新建充电站19座、充电桩113根,超额完成任务。",
            "近年来,全市大力推动泄漏检测与修复数字化管理。",
            "2026年GDP增长5.2%，iPhone和C++、A&B_c-d#e 售价\r\n下降。",
            "他说：“我们要坚持改革开放。”\n\n第二段 ab12 CD 3.5亿元",
            "𠀀𪚥丽 龘靐齉 —— ……",
            "abc  def\r\rghi\n\r\n",
        ] {
            assert_cut_as_jieba(text);
        }
    }

    #[test]
    fn cuts_the_sample_page_as_jieba_does() {
        let page = include_str!("../../../samples/jiaxing-daily-page.txt");
        assert_cut_as_jieba(page);
        for line in page.lines() {
            assert_cut_as_jieba(line);
        }
    }

    #[test]
    fn finds_the_word_across_a_seam_as_the_segmentation_does() {
        let words = ChineseWords::shipped();
        assert_eq!(
            words.word_across("服务联盟越", "南投资专场").as_deref(),
            Some("越南")
        );
        assert_eq!(words.word_across("双方和解。", "于城镇"), None);
        assert_eq!(words.word_across("充", "电桩").as_deref(), Some("充电"));
        assert_eq!(words.word_across("", "电桩"), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Random text from the characters newspaper OCR is made of.
        #[test]
        fn cuts_any_text_as_jieba_does(
            text in proptest::collection::vec(
                prop_oneof![
                    6 => proptest::sample::select(
                        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严".chars().collect::<Vec<_>>()
                    ),
                    2 => proptest::sample::select("，。、；：！？“”（）《》—… \n\r\t".chars().collect::<Vec<_>>()),
                    2 => proptest::sample::select("abcXYZ0123456789+#&._%-".chars().collect::<Vec<_>>()),
                    1 => proptest::sample::select("㐀豈𠀀𪜀é中国人民共和亿元号店".chars().collect::<Vec<_>>()),
                ],
                0..60,
            ).prop_map(|chars| chars.into_iter().collect::<String>())
        ) {
            let ours = ChineseWords::shipped().segment(&text);
            prop_assert_eq!(&ours, &jieba_words(&text));
            // Across every boundary, the word the segmentation puts there.
            let words = ChineseWords::shipped();
            for (at, _) in text.char_indices().skip(1) {
                let expected = ours
                    .iter()
                    .find(|w| w.start < at && at < w.end && words.has_word(&text[(*w).clone()]))
                    .map(|w| text[w.clone()].to_string());
                prop_assert_eq!(words.word_across(&text[..at], &text[at..]), expected);
            }
        }
    }
}
