//! `ocrmend review SUGGESTIONS`: a local web page (or, with `--terminal`, a
//! `git add -p`-style prompt) where a reviewer accepts or rejects each
//! suggestion; every decision is appended to the decisions log as it is made.
//!
//! The server binds to 127.0.0.1 unless `--bind` says otherwise, serves only
//! its own page and API, and answers nothing without the random token that
//! is in the address it prints. It also checks the `Host` header, so that a
//! web page elsewhere cannot reach it through a DNS name pointed at loopback.

use super::Outcome;
use anyhow::{bail, Context};
use clap::Args;
use ocrmend::input::{parse_bytes_as, parse_record, read_bytes, record_document, ReadAs};
use ocrmend::report::{context_after, context_before};
use ocrmend::review::{
    append_decisions, current_decisions, decisions_path, end_torn_line, file_hash, fixes, input_hash,
    locate_input, now_rfc3339, read_decisions, read_manifest, read_suggestions, Decision, DecisionRecord,
    Marks, Suggestion,
};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

/// The review page: HTML, CSS and script in one file, nothing fetched.
const PAGE: &str = include_str!("review.html");

/// Cards the page may ask for at once.
const MAX_CARDS: usize = 500;

/// Fixes whose cards come with the state, to show before the index is read.
const HEAD_FIXES: usize = 40;

/// What the page needs of every suggestion before it shows any: to filter
/// and count them (the server groups them into fixes).
#[derive(serde::Serialize)]
struct IndexEntry<'a> {
    id: &'a str,
    kind: &'a str,
    document: &'a str,
    /// Rounded to what the page shows.
    confidence: f64,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pages: &'a [String],
}

impl<'a> IndexEntry<'a> {
    fn of(s: &'a Suggestion) -> Self {
        IndexEntry {
            id: &s.id,
            kind: &s.kind,
            document: &s.document,
            confidence: (s.confidence * 1000.0).round() / 1000.0,
            pages: &s.location.pages,
        }
    }
}

/// Largest request body the server reads; a request that announces more is
/// answered 413 without being read.
const MAX_BODY: u64 = 1 << 20;

/// Requests answered at once, each on its own thread, so that a client that
/// stalls holds only its own; past this, 503 at once.
const MAX_IN_FLIGHT: usize = 32;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Suggestions JSONL, as `ocrmend repair --suggestions` writes it.
    suggestions: PathBuf,
    /// Decisions log to append to (and resume from); default: SUGGESTIONS
    /// with `.decisions.jsonl` in place of its extension.
    #[arg(long, value_name = "FILE")]
    decisions: Option<PathBuf>,
    /// Name recorded with each decision (default: $USER).
    #[arg(long)]
    reviewer: Option<String>,
    /// Review in the terminal instead of a web page.
    #[arg(long)]
    terminal: bool,
    /// Address to serve on; anything but loopback must be asked for.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Port to serve on (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Where the scans are, when not beside the inputs: a card shows the
    /// part of the scan its blocks stand on, when the input names its image
    /// (ALTO fileName, hOCR image, PAGE imageFilename) and the file is found.
    #[arg(long, value_name = "DIR")]
    images: Option<PathBuf>,
}

/// What a review session knows: the suggestions, the log, who reviews.
struct Session {
    suggestions: Vec<Suggestion>,
    /// The fixes ([`fixes`]): indices into `suggestions`, a join first.
    fixes: Vec<Vec<usize>>,
    /// `"index":[…],"fixes":[…]`: every suggestion's [`IndexEntry`] and the
    /// fixes, as the JSON the page opens on.
    index: String,
    /// Each suggestion's place in `suggestions`, by id.
    ids: HashMap<String, usize>,
    decisions: PathBuf,
    reviewer: String,
    source: String,
    /// The suggestions file (inputs are found beside it, as `apply` finds them).
    suggestions_file: PathBuf,
    /// `--images`.
    images: Option<PathBuf>,
    /// How the run read each input, from the manifest beside the suggestions.
    read_as: HashMap<String, ReadAs>,
    /// The suggestions file's hash, recorded with every decision.
    suggestions_hash: String,
}

impl Session {
    /// The decision in force for each suggestion, read from the log each
    /// time: another session may have written to it.
    fn current(&self) -> anyhow::Result<BTreeMap<String, Decision>> {
        Ok(current_decisions(&read_decisions(&self.decisions)?.records))
    }

    /// Records one decision on each of `ids`, in one write and one sync.
    fn record(&self, ids: &[&str], decision: Decision) -> anyhow::Result<()> {
        if let Some(unknown) = ids.iter().find(|id| !self.ids.contains_key(**id)) {
            bail!("no suggestion {unknown:?}");
        }
        let time = now_rfc3339();
        let records: Vec<DecisionRecord> = ids
            .iter()
            .map(|id| DecisionRecord {
                id: id.to_string(),
                decision,
                reviewer: self.reviewer.clone(),
                time: time.clone(),
                suggestions: Some(self.suggestions_hash.clone()),
            })
            .collect();
        Ok(append_decisions(&self.decisions, &records)?)
    }
}

pub fn run(args: ReviewArgs, color: super::Color) -> anyhow::Result<Outcome> {
    let suggestions = read_suggestions(&args.suggestions)?;
    let decisions = decisions_path(args.decisions.as_deref(), &args.suggestions);
    let fixes = fixes(&suggestions);
    let index = format!(
        "\"index\":{},\"fixes\":{}",
        serde_json::to_string(&suggestions.iter().map(IndexEntry::of).collect::<Vec<_>>())?,
        serde_json::to_string(&fixes)?
    );
    let session = Session {
        index,
        fixes,
        ids: suggestions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect(),
        suggestions,
        reviewer: args
            .reviewer
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "reviewer".into()),
        source: args.suggestions.display().to_string(),
        suggestions_file: args.suggestions.clone(),
        images: args.images.clone(),
        read_as: read_manifest(&args.suggestions)?
            .unwrap_or_default()
            .into_iter()
            .map(|entry| Ok((entry.input.clone(), entry.read_as()?)))
            .collect::<ocrmend::Result<_>>()?,
        suggestions_hash: file_hash(&args.suggestions)?,
        decisions,
    };
    // A corrupt log stops the session before anything is written to it; a
    // torn last line (a write cut short) is left out, and said.
    for line in read_decisions(&session.decisions)?.torn_lines {
        eprintln!(
            "ocrmend: warning: {}:{line}: a record cut short while it was written is left out",
            session.decisions.display()
        );
    }
    end_torn_line(&session.decisions)?;
    if args.terminal {
        terminal(&session, color.enabled())
    } else {
        serve(&session, SocketAddr::new(args.bind, args.port))
    }
}

/// A random token for the address, from the operating system's generator.
fn token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn serve(session: &Session, addr: SocketAddr) -> anyhow::Result<Outcome> {
    if !addr.ip().is_loopback() {
        eprintln!("ocrmend: serving beyond loopback on {addr}, as asked: anyone with the address can decide");
    }
    let server = tiny_http::Server::http(addr).map_err(|e| anyhow::anyhow!("cannot serve on {addr}: {e}"))?;
    let bound = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?;
    let token = token()?;
    let host = match bound.ip() {
        IpAddr::V4(ip) if ip.is_loopback() => "127.0.0.1".to_string(),
        ip => ip.to_string(),
    };
    // What is printed is for the person who started the server: a closed
    // standard output is no reason to stop serving.
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "Review {} suggestions at http://{host}:{}/?token={token}",
        session.suggestions.len(),
        bound.port()
    );
    let _ = writeln!(
        stdout,
        "Decisions are saved to {} as they are made; Ctrl-C to stop.",
        session.decisions.display()
    );
    let _ = stdout.flush();
    let allowed_hosts: Vec<String> = [host.as_str(), "localhost", "127.0.0.1"]
        .iter()
        .map(|h| format!("{h}:{}", bound.port()))
        .collect();
    let in_flight = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for mut request in server.incoming_requests() {
            use std::sync::atomic::Ordering;
            if in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
                in_flight.fetch_sub(1, Ordering::SeqCst);
                respond(
                    request,
                    Ok((503, "text/plain; charset=utf-8", "busy: try again".into())),
                );
                continue;
            }
            let (token, allowed_hosts, in_flight) = (&token, &allowed_hosts, &in_flight);
            scope.spawn(move || {
                let reply = handle(session, token, allowed_hosts, &mut request);
                respond(request, reply);
                in_flight.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    Ok(Outcome::Clean)
}

/// Sends a reply with the page's security headers.
fn respond(request: tiny_http::Request, reply: anyhow::Result<Reply>) {
    {
        let (status, content_type, body) = match reply {
            Ok(r) => r,
            Err(e) => (500, "text/plain; charset=utf-8", format!("{e:#}").into_bytes()),
        };
        let mut response = tiny_http::Response::from_data(body).with_status_code(status);
        for (k, v) in [
            ("Content-Type", content_type),
            ("Cache-Control", "no-store"),
            ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            (
                "Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'",
            ),
        ] {
            response.add_header(tiny_http::Header::from_bytes(k, v).expect("valid header"));
        }
        // A client that went away is no reason to stop serving.
        let _ = request.respond(response);
    }
}

type Reply = (u16, &'static str, Vec<u8>);

/// Answers one request: the page and the API, for the token holder only.
fn handle(
    session: &Session,
    token: &str,
    allowed_hosts: &[String],
    request: &mut tiny_http::Request,
) -> anyhow::Result<Reply> {
    let header = |name: &str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_string())
    };
    if !header("Host").is_some_and(|h| allowed_hosts.iter().any(|a| a.eq_ignore_ascii_case(&h))) {
        return text(403, "forbidden: unknown Host");
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let given = header("X-Ocrmend-Token").or_else(|| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix("token=").map(str::to_string))
    });
    if !given.is_some_and(|g| same(g.as_bytes(), token.as_bytes())) {
        return text(403, "forbidden: missing or wrong token");
    }
    let method = request.method().clone();
    if request.body_length().is_some_and(|n| n as u64 > MAX_BODY) {
        return text(413, "request body too large");
    }
    let mut body = String::new();
    request
        .as_reader()
        .take(MAX_BODY)
        .read_to_string(&mut body)
        .context("cannot read the request")?;
    match (method, path) {
        (tiny_http::Method::Get, "/") => Ok((200, "text/html; charset=utf-8", PAGE.as_bytes().to_vec())),
        (tiny_http::Method::Get, "/api/state") => api_state(session),
        (tiny_http::Method::Post, "/api/cards") => api_cards(session, &body),
        (tiny_http::Method::Get, "/api/context") => api_context(session, query),
        (tiny_http::Method::Get, "/api/crop") => api_crop(session, query),
        (tiny_http::Method::Post, "/api/decide" | "/api/decide-many") => api_decide(session, &body),
        _ => text(404, "not found"),
    }
}

/// A plain-text answer.
fn text(status: u16, body: &str) -> anyhow::Result<Reply> {
    Ok((status, "text/plain; charset=utf-8", body.as_bytes().to_vec()))
}

/// A JSON answer.
fn json(value: serde_json::Value) -> anyhow::Result<Reply> {
    Ok((200, "application/json", value.to_string().into_bytes()))
}

/// The value of `key` in an address's query (`id=…&chars=…`).
fn field<'q>(query: &'q str, key: &str) -> Option<&'q str> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
}

/// The suggestion the query's `id` names.
fn named<'s>(session: &'s Session, query: &str) -> Option<&'s Suggestion> {
    field(query, "id")
        .and_then(|id| session.ids.get(id))
        .map(|&i| &session.suggestions[i])
}

/// What the page opens on: an index of every suggestion (what filters and
/// progress need), the fixes, the decisions, and the cards of the first
/// fixes with anything undecided, shown before the whole index is read.
fn api_state(session: &Session) -> anyhow::Result<Reply> {
    let decisions = session.current()?;
    let head: Vec<&Suggestion> = session
        .fixes
        .iter()
        .filter(|f| {
            f.iter()
                .any(|&i| !decisions.contains_key(&session.suggestions[i].id))
        })
        .take(HEAD_FIXES)
        .flatten()
        .map(|&i| &session.suggestions[i])
        .collect();
    let state = serde_json::to_string(&json!({
        "source": session.source,
        "reviewer": session.reviewer,
        "decisions": decisions,
        "head": head,
    }))?;
    // The index and the fixes, made once: `{…,"index":[…],"fixes":[…]}`.
    let body = format!("{},{}}}", state.trim_end_matches('}'), session.index);
    Ok((200, "application/json", body.into_bytes()))
}

/// The cards the page shows next, at most [`MAX_CARDS`] a request.
fn api_cards(session: &Session, body: &str) -> anyhow::Result<Reply> {
    #[derive(serde::Deserialize)]
    struct Cards {
        ids: Vec<String>,
    }
    let cards: Cards = match serde_json::from_str(body) {
        Ok(c) => c,
        Err(e) => return text(400, &format!("bad request: {e}")),
    };
    if cards.ids.len() > MAX_CARDS {
        return text(400, &format!("at most {MAX_CARDS} cards a request"));
    }
    let found: Option<Vec<&Suggestion>> = cards
        .ids
        .iter()
        .map(|id| session.ids.get(id).map(|&i| &session.suggestions[i]))
        .collect();
    match found {
        Some(found) => json(json!({ "cards": found })),
        None => text(400, "no such suggestion"),
    }
}

/// More of the input around a suggestion than its card carries.
fn api_context(session: &Session, query: &str) -> anyhow::Result<Reply> {
    let Some(s) = named(session, query) else {
        return text(404, "no such suggestion");
    };
    let chars = field(query, "chars")
        .and_then(|n| n.parse().ok())
        .unwrap_or(400usize)
        .min(MAX_CONTEXT);
    let (before, after) = context(session, s, chars)?;
    json(json!({ "context_before": before, "context_after": after }))
}

/// The part of the scan a suggestion is about (an <img> sends the token in
/// the address, as the page's own address does).
fn api_crop(session: &Session, query: &str) -> anyhow::Result<Reply> {
    let Some(s) = named(session, query) else {
        return text(404, "no such suggestion");
    };
    match crop(session, s)? {
        Some(png) => Ok((200, "image/png", png)),
        None => text(404, "no scan found for this suggestion"),
    }
}

/// Records a decision on one suggestion or many; answers with the decisions
/// in force for those (null: none), not the whole log: an answer of constant
/// size, however many there are.
fn api_decide(session: &Session, body: &str) -> anyhow::Result<Reply> {
    #[derive(serde::Deserialize)]
    struct Act {
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        ids: Vec<String>,
        decision: Decision,
    }
    let act: Act = match serde_json::from_str(body) {
        Ok(a) => a,
        Err(e) => return text(400, &format!("bad request: {e}")),
    };
    let ids: Vec<&str> = act.id.iter().chain(&act.ids).map(String::as_str).collect();
    if let Some(unknown) = ids.iter().find(|id| !session.ids.contains_key(**id)) {
        return text(400, &format!("no suggestion {unknown:?}"));
    }
    session.record(&ids, act.decision)?;
    let now = session.current()?;
    let changed: BTreeMap<&str, Option<&Decision>> = ids.iter().map(|&id| (id, now.get(id))).collect();
    json(json!({ "changed": changed }))
}

/// Most characters of context the page may ask for on each side.
const MAX_CONTEXT: usize = 4000;

/// `chars` characters of the input's text (as the repair read it) on each
/// side of suggestion `s`'s change. An input that changed since the
/// suggestions were made is an error: its offsets no longer hold.
fn context(session: &Session, s: &Suggestion, chars: usize) -> anyhow::Result<(String, String)> {
    let path = locate_input(&s.input, &session.suggestions_file);
    let read_as = session.read_as.get(&s.input).copied().unwrap_or_default();
    let text = match s.record {
        None => {
            let bytes = read_bytes(&path)?;
            anyhow::ensure!(
                input_hash(&bytes) == s.input_hash,
                "{}: the input changed since the suggestions were made",
                s.input
            );
            parse_bytes_as(s.input.clone(), bytes, read_as)?.text
        }
        Some(line) => {
            let file =
                std::fs::File::open(&path).with_context(|| format!("{}: cannot read", path.display()))?;
            let record = std::io::BufReader::new(file)
                .lines()
                .nth(line - 1)
                .with_context(|| format!("{}:{line}: no such line", s.input))??;
            anyhow::ensure!(
                input_hash(record.as_bytes()) == s.input_hash,
                "{}:{line}: the record changed since the suggestions were made",
                s.input
            );
            record_document(&parse_record(&s.input, line, &record)?)?.text
        }
    };
    let start = s.location.start.min(text.len());
    let end = s.location.end.clamp(start, text.len());
    anyhow::ensure!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{}: the offsets do not fit the input",
        s.input
    );
    Ok((
        context_before(&text, start, chars),
        context_after(&text, end, chars),
    ))
}

/// Pixels of scan shown around a suggestion's blocks, and the widest crop sent.
const CROP_MARGIN: f64 = 24.0;
const CROP_WIDTH: u32 = 1000;

/// The part of the scan suggestion `s` stands on, as PNG: its blocks' boxes
/// with a margin, at most [`CROP_WIDTH`] pixels wide. The image is looked
/// for as the input names it (beside the input, then as given), then by its
/// file name beside the input and under `--images`.
fn crop(session: &Session, s: &Suggestion) -> anyhow::Result<Option<Vec<u8>>> {
    let Some(scan) = &s.scan else { return Ok(None) };
    let input = locate_input(&s.input, &session.suggestions_file);
    let beside = input.parent().unwrap_or(Path::new("."));
    let named = Path::new(&scan.image);
    let file = named.file_name().map(Path::new).unwrap_or(named);
    let mut places = vec![beside.join(named), named.to_path_buf(), beside.join(file)];
    places.extend(session.images.iter().flat_map(|d| [d.join(file), d.join(named)]));
    let Some(path) = places.into_iter().find(|p| p.is_file()) else {
        return Ok(None);
    };
    let image = image::open(&path).with_context(|| format!("{}: cannot read the scan", path.display()))?;
    let [x, y, w, h] = scan.bbox;
    let (iw, ih) = (f64::from(image.width()), f64::from(image.height()));
    let x0 = (x - CROP_MARGIN).clamp(0.0, iw);
    let y0 = (y - CROP_MARGIN).clamp(0.0, ih);
    let x1 = (x + w + CROP_MARGIN).clamp(x0, iw);
    let y1 = (y + h + CROP_MARGIN).clamp(y0, ih);
    let mut part = image.crop_imm(
        x0 as u32,
        y0 as u32,
        (x1 - x0).max(1.0) as u32,
        (y1 - y0).max(1.0) as u32,
    );
    if part.width() > CROP_WIDTH {
        let height = (f64::from(part.height()) * f64::from(CROP_WIDTH) / f64::from(part.width())).max(1.0);
        part = part.resize(CROP_WIDTH, height as u32, image::imageops::FilterType::Triangle);
    }
    let mut png = std::io::Cursor::new(Vec::new());
    part.write_to(&mut png, image::ImageFormat::Png)?;
    Ok(Some(png.into_inner()))
}

/// Compares two byte strings in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Shows one fix: the suggestion (a join first), then what goes with it,
/// each with its change in context and its weighed evidence.
fn show_fix(out: &mut impl Write, members: &[&Suggestion], marks: Marks, place: &str) -> std::io::Result<()> {
    for (n, s) in members.iter().enumerate() {
        let head = if n == 0 {
            format!("\n{place} ")
        } else {
            "  with: ".to_string()
        };
        writeln!(
            out,
            "{head}{} in {} ({}) · confidence {:.3}",
            s.kind,
            s.document,
            s.location.blocks.join(" → "),
            s.confidence
        )?;
        for line in s.inline_change(marks) {
            writeln!(out, "  {line}")?;
        }
        if s.requires.is_some() && members.len() == 1 {
            writeln!(
                out,
                "  (applied only with the join at this seam, applied by default)"
            )?;
        }
        for (name, value, weight) in s.evidence.iter().filter(|e| e.2 != 0.0) {
            writeln!(out, "    {weight:+.2}  {name}: {value}")?;
        }
    }
    Ok(())
}

/// The `git add -p`-style review: one fix at a time (a suggestion, or a
/// join with what goes in only with it), y/w/n/s/u/q/?.
fn terminal(session: &Session, color: bool) -> anyhow::Result<Outcome> {
    let (del, ins, off) = if color {
        ("\x1b[31m", "\x1b[32m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let marks = Marks {
        deleted: (&format!("{del}[-"), &format!("-]{off}")),
        inserted: (&format!("{ins}{{+"), &format!("+}}{off}")),
    };
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut out = std::io::stdout().lock();
    let total = session.suggestions.len();
    let fixes = &session.fixes;
    // Each step's suggestion ids, for undo.
    let mut done: Vec<Vec<&str>> = Vec::new();
    let mut k = 0;
    while k < fixes.len() {
        let members: Vec<&Suggestion> = fixes[k].iter().map(|&i| &session.suggestions[i]).collect();
        let ids: Vec<&str> = members.iter().map(|s| s.id.as_str()).collect();
        let decided = session.current()?;
        if ids.iter().all(|id| decided.contains_key(*id)) {
            k += 1;
            continue;
        }
        let grouped = members.len() > 1;
        show_fix(
            &mut out,
            &members,
            marks,
            &format!("[{}/{total}]", fixes[k][0] + 1),
        )?;
        if grouped {
            write!(
                out,
                "Apply the join with the rest [y], without it [w], or neither [n] (s,u,q,?)? "
            )?;
        } else {
            write!(out, "Apply this suggestion [y,n,s,u,q,?]? ")?;
        }
        out.flush()?;
        let Some(answer) = lines.next().transpose()? else {
            break;
        };
        match answer.trim() {
            "y" => session.record(&ids, Decision::Accept)?,
            "w" if grouped => {
                session.record(&ids[..1], Decision::Accept)?;
                session.record(&ids[1..], Decision::Reject)?;
            }
            "n" => session.record(&ids, Decision::Reject)?,
            "s" => {
                session.record(&ids, Decision::Skip)?;
                k += 1;
                continue;
            }
            "u" => {
                if let Some(last) = done.pop() {
                    session.record(&last, Decision::Undo)?;
                    let first = session.suggestions.iter().position(|x| x.id == last[0]);
                    k = fixes
                        .iter()
                        .position(|f| first.is_some_and(|i| f.contains(&i)))
                        .unwrap_or(k);
                } else {
                    writeln!(out, "nothing to undo in this session")?;
                }
                continue;
            }
            "q" => break,
            _ => {
                writeln!(
                    out,
                    "y - accept (a join: with what goes with it)\nw - accept the join without the rest\nn - reject\ns - skip, decide later\nu - undo the last decision\nq - quit (decisions are saved)\n? - this help"
                )?;
                continue;
            }
        }
        done.push(ids);
        k += 1;
    }
    let decided = session.current()?;
    writeln!(
        out,
        "{} of {total} decided; saved in {}",
        session
            .suggestions
            .iter()
            .filter(|s| decided.contains_key(&s.id))
            .count(),
        session.decisions.display()
    )?;
    Ok(Outcome::Clean)
}
