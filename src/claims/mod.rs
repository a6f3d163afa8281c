//! Reading control claims from the sentences around each place mention.
//!
//! For each mention the reader finds the control cue that governs it (a verb before it,
//! or a passive after it, or the cue of the list it stands in), the actor, the time
//! expression, and the hedges and sources of the sentence. Each claim keeps the sentence
//! as evidence and names the rule that produced it.

pub mod lexicon;
pub mod time;

use crate::article::Article;
use crate::gazetteer::Gazetteer;
use crate::geoparse::Mention;
use chrono::NaiveDate;
use compact_str::{format_compact, CompactString};
use lexicon::{CueClass, Source, CUES};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;
use time::DateBasis;

/// Who holds a place.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Controller {
    /// The Syrian government and its allies.
    Government,
    /// The HTS-led opposition coalition.
    Opposition,
    /// The Turkish-backed Syrian National Army.
    Sna,
    /// The Kurdish-led Syrian Democratic Forces.
    Sdf,
    /// Fought over, or reports disagree.
    Contested,
    /// Not known.
    Unknown,
}

impl Controller {
    /// Every controller, in output order.
    pub const ALL: [Controller; 6] = [
        Controller::Government,
        Controller::Opposition,
        Controller::Sna,
        Controller::Sdf,
        Controller::Contested,
        Controller::Unknown,
    ];

    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Controller::Government => "government",
            Controller::Opposition => "opposition",
            Controller::Sna => "sna",
            Controller::Sdf => "sdf",
            Controller::Contested => "contested",
            Controller::Unknown => "unknown",
        }
    }

    /// Reads a controller from its output name (`government`, `opposition`, `sna`, ...).
    ///
    /// ```
    /// use frontline::claims::Controller;
    /// assert_eq!(Controller::parse("SDF"), Some(Controller::Sdf));
    /// assert_eq!(Controller::parse("rebels"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Controller> {
        Controller::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// The side fighting this one in the 2024 northwest offensive.
    pub fn opponent(self) -> Controller {
        match self {
            Controller::Government => Controller::Opposition,
            Controller::Opposition => Controller::Government,
            Controller::Sna => Controller::Sdf,
            Controller::Sdf => Controller::Sna,
            c => c,
        }
    }
}

/// What a claim says about control.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Control changed to the controller on the date.
    Captured,
    /// The controller held the place on the date.
    Held,
    /// A party says the controller has it; not confirmed.
    Claimed,
    /// Fought over, or reports conflict.
    Contested,
    /// The controller holds it, surrounded by the other side.
    Besieged,
}

impl Status {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Captured => "captured",
            Status::Held => "held",
            Status::Claimed => "claimed",
            Status::Contested => "contested",
            Status::Besieged => "besieged",
        }
    }
}

/// One control claim read from one sentence.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    /// Index of the mention it is about.
    pub mention: usize,
    /// Index of the place in the gazetteer.
    pub place: usize,
    /// Who holds the place according to the claim.
    pub controller: Controller,
    /// What the claim says.
    pub status: Status,
    /// The side that acted (for contested claims: who is fighting its way in).
    pub actor: Option<Controller>,
    /// The day the claim is placed on, if it can be given.
    pub date: Option<NaiveDate>,
    /// The days its time expression covers (one day, or a range); `None` without one.
    pub date_span: Option<time::DateSpan>,
    /// How the date was found.
    pub date_basis: DateBasis,
    /// 0..1.
    #[serde(with = "crate::exact")]
    pub confidence: f64,
    /// False when the claim rests on a party's word or a hedge.
    pub confirmed: bool,
    /// The party whose word it is, for claimed statements.
    pub claimed_by: Option<CompactString>,
    /// Independent sources the sentence cites.
    pub reported_by: Vec<String>,
    /// The rule that produced it (`capture:overran`, `strike:strike`, ...).
    pub rule: CompactString,
    /// True when the sentence corrects an earlier report ("Correction: a report said X was
    /// captured on Thursday"): the claim is what is withdrawn, not what is asserted.
    pub retraction: bool,
    /// Byte range of the sentence in the article text.
    pub sentence: Range<usize>,
    /// The sentence.
    pub evidence: String,
}

static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*(?:,|and|or|as\s+well\s+as|including|such\s+as|along\s+with|plus|the|towns?|cities|city|villages?|of|strategic|nearby|key|neighbouring|neighboring)\s*)*$").expect("valid regex")
});
static POSSESSIVE_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:'|\u{2019})s\s+(?:[a-z-]+\s+){0,4}$").expect("valid regex"));
static LINK_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:read\s+more|related|see\s+also|more\s+on\s+this|watch|listen)(?-u:\b)|^\s*[-*\u{2022}]\s+[^:]{1,40}:\s").expect("valid regex")
});
static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\([^)]*\)\s*)?,\s*(?:the|a|an|once|now|home|long|which|whose|on|near|just|about|some|located|situated|\d+)(?-u:\b)[^;]{0,160},\s*(?:which\s+)?$").expect("valid regex")
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,\s*(?:which|that)\s+(?:[a-z-]+\s+){0,3}$").expect("valid regex")
});
static SUBORDINATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:before|after|while|when|then|until|since|whereas|adding|saying|who|where)(?-u:\b)")
        .expect("valid regex")
});
/// "towards the capital, Damascus": a noun phrase and a comma before the name it stands for.
static NAMED_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:the|its|their)\s+(?:[a-z-]+\s+){0,3}(?:capital|city|town|village|province|governorate|stronghold|hub|base)\s*,\s*$")
        .expect("valid regex")
});
static CONTAINER_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*,?\s*(?:in|of)\s+(?:the\s+)?").expect("valid regex"));
static REFERENCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)(?:north|south|east|west|northwest|northeast|southwest|southeast|north-west|north-east|south-west|south-east)(?:ern)?\s+(?:of|from)|(?-u:\b)(?:km|kilometres|kilometers|miles)\s+(?:\([^)]*\)\s+)?(?:\w+\s+)?(?:of|from)|(?-u:\b)near|(?-u:\b)around|(?-u:\b)road\s+(?:leading\s+)?to|(?-u:\b)highway\s+to|(?-u:\b)between|(?-u:\b)from|(?-u:\b)for|(?-u:\b)with)\s+(?:the\s+)?(?:\w+\s+){0,2}$").expect("valid regex")
});
static LOCATIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:in|at|inside|within)(?-u:\b)").expect("valid regex"));
static PARTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:towns|villages|cities|areas|parts|neighbourhoods|neighborhoods|districts|positions|localities|countryside|suburbs)(?-u:\b)[^.]*(?-u:\b)(?:in|of|across|around)(?-u:\b)").expect("valid regex")
});
static SINCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:ever\s+)?since\s+(?:(?:early|late|mid|the\s+(?:start|end)\s+of)\s+)?(?:[a-z]+\s+)?$",
    )
    .expect("valid regex")
});
static FRAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:and\s+)?in\s+(?:the\s+)?$").expect("valid regex"));
/// "the towns of A, B and C": a list, not part of a place.
static LIST_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:the\s+)?(?:(?:nearby|neighbouring|neighboring|strategic|key)\s+)?(?:towns?|villages?|cities|city)\s+of\s*$").expect("valid regex")
});
static CHUNK_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[,;:()\u{2014}\u{2013}]").expect("valid regex"));

/// How far (in bytes) a cue may stand from the place it governs.
const MAX_CUE_GAP: usize = 90;

/// Reads the claims of an article from its mentions.
pub fn extract(article: &Article, mentions: &[Mention], g: &Gazetteer) -> Vec<Claim> {
    let text = &article.text;
    let mut out: Vec<Claim> = Vec::new();
    let mut seen_sentences: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    // The line the sentence stands in, lower-cased once for all its sentences: (start, text).
    let mut line: (usize, String) = (usize::MAX, String::new());
    let mut last_actor: Option<Controller> = None;
    // The claims of the last sentence read, for a confirmation that follows it.
    let mut last_claims: std::ops::Range<usize> = 0..0;
    let mut mi = 0;
    for s in crate::text::sentence::sentences(text, article.body.clone()) {
        let in_sentence: Vec<usize> = (mi..mentions.len())
            .take_while(|&k| mentions[k].start < s.end)
            .filter(|&k| mentions[k].start >= s.start)
            .collect();
        while mi < mentions.len() && mentions[mi].start < s.end {
            mi += 1;
        }
        let sentence = &text[s.clone()];
        let line_start = text[..s.start].rfind('\n').map(|x| x + 1).unwrap_or(0);
        if line.0 != line_start || line.1.len() < s.end - line_start {
            let line_end = text[s.end..].find('\n').map_or(text.len(), |x| s.end + x);
            line = (line_start, text[line_start..line_end].to_ascii_lowercase());
        }
        let lower = &line.1[s.start - line_start..s.end - line_start];
        // Links to other stories ("Read More: ...", "- Outlet: headline") report nothing here.
        if LINK_LINE.is_match(&line.1[..s.end - line_start]) {
            continue;
        }
        let mut norm = String::with_capacity(lower.len());
        for w in lower.split_whitespace() {
            if !norm.is_empty() {
                norm.push(' ');
            }
            norm.push_str(w);
        }
        // The lexicon scan is made only when something below reads it.
        let found = std::cell::OnceCell::new();
        let found = || found.get_or_init(|| lexicon::Found::new(lower));
        if !seen_sentences.insert(norm) || in_sentence.is_empty() {
            if last_actor.is_none() {
                last_actor = lexicon::find_actors(lower, found()).last().map(|a| a.side);
            }
            // Sources are read only for a sentence that confirms something.
            let confirmers: Vec<String> = if in_sentence.is_empty() && lexicon::confirms(lower) {
                lexicon::find_sources(lower, sentence, found())
                    .into_iter()
                    .filter(|s| s.party.is_none())
                    .map(|s| s.label)
                    .collect()
            } else {
                Vec::new()
            };
            if !confirmers.is_empty() {
                let fresh: Vec<Claim> = out[last_claims.clone()]
                    .iter()
                    .filter(|c| !c.confirmed && !c.retraction && !c.rule.starts_with("denial"))
                    .map(|c| confirmation(c, &s, text, &confirmers))
                    .collect();
                out.extend(fresh);
            }
            last_claims = out.len()..out.len();
            continue;
        }
        let found = found();
        let actors = lexicon::find_actors(lower, found);
        let reader = SentenceReader {
            g,
            article,
            range: s.clone(),
            lower,
            cues: lexicon::find_cues(lower, found),
            actors: &actors,
            times: time::find_lowered(sentence, lower, article.published),
            years: time::years(sentence),
            sources: lexicon::find_sources(lower, sentence, found),
            last_actor,
            breaks: std::cell::OnceCell::new(),
        };
        let before = out.len();
        reader.read(mentions, &in_sentence, &mut out);
        last_claims = before..out.len();
        // "They", "the factions": the side that acted last stays the subject.
        if let Some(a) = out[before..].iter().rev().find_map(|c| c.actor) {
            last_actor = Some(a);
        } else if let Some(a) = actors.last() {
            last_actor = Some(a.side);
        }
    }
    out
}

struct SentenceReader<'a> {
    g: &'a Gazetteer,
    article: &'a Article,
    range: Range<usize>,
    lower: &'a str,
    cues: Vec<lexicon::CueMatch>,
    actors: &'a [lexicon::ActorMatch],
    times: Vec<time::TimeExpr>,
    years: Vec<time::YearMention>,
    sources: Vec<Source>,
    last_actor: Option<Controller>,
    /// Where [`CHUNK_BREAK`] matches in `lower`, found when first asked for.
    breaks: std::cell::OnceCell<Vec<Range<usize>>>,
}

/// What the reader settles about one mention of a sentence.
struct Slot {
    end: usize,
    governing: Option<Governing>,
    container: bool,
    country: bool,
    reference: bool,
    listed: bool,
}

/// The cue that governs a mention, and where the mention stands relative to it.
#[derive(Clone)]
struct Governing {
    cue: lexicon::CueMatch,
    locative: bool,
    partial: bool,
}

impl SentenceReader<'_> {
    fn read(&self, mentions: &[Mention], ids: &[usize], out: &mut Vec<Claim>) {
        let base = self.range.start;
        let mut slots: Vec<Slot> = Vec::with_capacity(ids.len());
        for (n, &k) in ids.iter().enumerate() {
            let m = &mentions[k];
            let (ms, me) = (m.start - base, m.end - base);
            let place = &self.g.places[m.place];
            let prev = slots.last();
            let region_start = prev.map(|p| p.end).unwrap_or(0);
            let gap = &self.lower[region_start..ms];
            let cue_between = self
                .cues
                .iter()
                .any(|c| c.range.start >= region_start && c.range.end <= ms);
            // "Syria's fourth largest city Hama": the country only qualifies the place after it.
            let through_possessive =
                prev.is_some_and(|p| p.country && POSSESSIVE_GAP.is_match(gap));
            // A place that only locates the one before it ("X in Idlib province") is not claimed.
            let container = !cue_between
                && !through_possessive
                && prev.is_some_and(|p| {
                    CONTAINER_GAP.is_match(gap)
                        || (p.container
                            && gap
                                .trim_start_matches(['\'', '\u{2019}', 's', ' '])
                                .split_whitespace()
                                .all(is_modifier))
                });
            let listed = n > 0
                && !cue_between
                && (through_possessive
                    || LIST_GAP.is_match(&without_names(
                        &self.article.text[base + region_start..m.start],
                    )));
            let mut reference = REFERENCE_BEFORE.is_match(gap);
            let mut governing = None;
            if !container {
                governing = self.governing_before(region_start, ms);
                if governing.is_none() && listed {
                    let p = prev.expect("listed has a previous mention");
                    reference |= p.reference;
                    governing = p.governing.clone();
                }
                if governing.is_none() {
                    let next = ids
                        .get(n + 1)
                        .map(|&j| mentions[j].start - base)
                        .unwrap_or(self.lower.len());
                    governing = self.governing_after(me, next);
                }
            }
            let country = !place.kind.is_control_point();
            // "In Aleppo, ..." frames the sentence; "the Aleppo–Damascus M5" names a road.
            let text = &self.article.text;
            let frame = FRAME.is_match(&self.lower[..ms]) && text[m.end..].starts_with(',');
            let road = text[m.end..].starts_with(['\u{2013}', '-'])
                || text[..m.start].ends_with(['\u{2013}', '-']);
            slots.push(Slot {
                end: me,
                governing,
                container: container || country || frame || road,
                country,
                reference,
                listed,
            });
        }
        // A cue after a list ("A and B fell to rebels") governs the whole list.
        for n in (0..slots.len().saturating_sub(1)).rev() {
            if slots[n].governing.is_none() && slots[n + 1].listed && !slots[n].container {
                let next = slots[n + 1]
                    .governing
                    .clone()
                    .filter(|g| CUES[g.cue.cue].post);
                slots[n].governing = next;
            }
        }
        let base = self.range.start;
        for (slot, &k) in slots.iter().zip(ids) {
            let m = &mentions[k];
            let place = &self.g.places[m.place];
            let claimable = place.in_syria() && !slot.country;
            let Some(gv) = slot
                .governing
                .as_ref()
                .filter(|_| claimable && !slot.container)
            else {
                continue;
            };
            // "south of X", "near X", "around X": X only locates something else.
            let after_cue = &self.lower[gv.cue.range.end.min(m.start - base)..m.start - base];
            let reference = if gv.cue.range.end <= m.start - base {
                REFERENCE_BEFORE.is_match(after_cue)
            } else {
                slot.reference
            };
            if reference
                && !matches!(
                    CUES[gv.cue.cue].class,
                    CueClass::Advance | CueClass::Incursion
                )
            {
                continue;
            }
            if let Some(c) = self.claim(k, m, gv) {
                out.push(c);
            }
        }
    }

    /// The nearest pre-cue between `from` and the mention start `to`.
    fn governing_before(&self, from: usize, to: usize) -> Option<Governing> {
        let c = self
            .cues
            .iter()
            .rfind(|c| c.range.start >= from && c.range.end <= to && !CUES[c.cue].post)?;
        if CUES[c.cue].class == CueClass::Block || to - c.range.end > MAX_CUE_GAP {
            return None;
        }
        let between = &self.lower[c.range.end..to];
        if CHUNK_BREAK.is_match(between) && !NAMED_NOUN.is_match(between) {
            return None;
        }
        Some(Governing {
            cue: c.clone(),
            locative: LOCATIVE.is_match(between),
            partial: PARTIAL.is_match(between),
        })
    }

    /// A cue after the mention that governs it: a passive right after it ("Hama had been
    /// taken", "X fell to rebels"), one after an appositive ("X, the main town on the M5,
    /// fell to ..."), or the verb of a relative clause ("X, which they captured").
    fn governing_after(&self, from: usize, to: usize) -> Option<Governing> {
        let c = self.cues.iter().find(|c| c.range.start >= from)?;
        let cue = &CUES[c.cue];
        let between = &self.lower[from..c.range.start];
        let plain =
            c.range.end <= to && cue.post && between.len() <= 40 && !CHUNK_BREAK.is_match(between);
        let appositive = cue.post && APPOSITIVE.is_match(between);
        let relative = !cue.post
            && matches!(
                cue.class,
                CueClass::Capture | CueClass::Hold | CueClass::Strike | CueClass::Withdrawal
            )
            && RELATIVE.is_match(between);
        if !(plain || appositive || relative) || cue.class == CueClass::Block {
            return None;
        }
        Some(Governing {
            cue: c.clone(),
            locative: false,
            partial: false,
        })
    }

    /// The actor of a cue: before it for active cues, after it for passive ones.
    fn actor(&self, gv: &Governing) -> (Option<Controller>, bool) {
        let cue = &CUES[gv.cue.cue];
        let r = &gv.cue.range;
        let inside = self
            .actors
            .iter()
            .find(|a| a.range.start < r.end && r.start < a.range.end)
            .map(|a| a.side);
        // "the SNA said its fighters took X": "its fighters" are the SNA's.
        let owner = |a: &lexicon::ActorMatch| {
            let pre = &self.lower[..a.range.start];
            let owned = pre.ends_with("its ") || pre.ends_with("their ");
            owned
                .then(|| self.actors.iter().rfind(|b| b.range.end <= a.range.start))
                .flatten()
                .map_or(a.side, |b| b.side)
        };
        let before = self
            .actors
            .iter()
            .rfind(|a| a.range.end <= r.start)
            .map(owner);
        // After a passive the agent follows "by" ("was captured by rebels"), or the cue
        // ends in its preposition ("fell to", "under the control of").
        let cue_text = &self.lower[r.clone()];
        let agent = |a: &&lexicon::ActorMatch| {
            let between = &self.lower[r.end..a.range.start];
            between.len() <= 60
                && !CHUNK_BREAK.is_match(between)
                && (between.trim_start().starts_with("by ")
                    || [" to", " of", " by", " with"]
                        .iter()
                        .any(|p| cue_text.ends_with(p)))
        };
        // An actor after an active cue must be its agent ("the capture of X by rebels"), or
        // stand in the same clause; "which reported the capture of X, said army units..." has none.
        let same_clause = |a: &&lexicon::ActorMatch| {
            let between = &self.lower[r.end..a.range.start];
            between.trim_end().ends_with(" by") || !CHUNK_BREAK.is_match(between)
        };
        let next = self.actors.iter().find(|a| a.range.start >= r.end);
        let after = if cue.post || cue.class == CueClass::LostControl {
            next.filter(agent).map(owner)
        } else {
            next.filter(same_clause).map(|a| a.side)
        };
        let found = match cue.class {
            CueClass::Strike => inside.or(before),
            CueClass::LostControl => after,
            _ if cue.post => inside.or(after).or(before),
            _ => inside.or(before).or(after),
        };
        match found {
            Some(a) => (Some(a), false),
            None if cue.class != CueClass::LostControl => (self.last_actor, true),
            None => (None, false),
        }
    }

    fn claim(&self, k: usize, m: &Mention, gv: &Governing) -> Option<Claim> {
        let cue = &CUES[gv.cue.cue];
        let lower = self.lower;
        // Negated cues say nothing.
        if lexicon::negated_before(&lower[..gv.cue.range.start])
            && !matches!(cue.class, CueClass::LostControl)
        {
            return None;
        }
        if self.historical(gv, m.start - self.range.start) {
            return None;
        }
        let (actor, from_discourse) = match cue.class {
            CueClass::HoldBy(c) => (Some(c), false),
            CueClass::Conflict => (Some(Controller::Contested), false),
            _ => self.actor(gv),
        };
        let actor = actor?;
        if actor == Controller::Unknown
            || (actor == Controller::Contested && cue.class != CueClass::Conflict)
        {
            return None;
        }
        let hedge = lexicon::hedged(&lower[..gv.cue.range.end]);
        let party = self.sources.iter().find(|s| s.party.is_some());
        let mut claimed = hedge || party.is_some();
        let conflict = lexicon::conflicting(lower);
        let denial = lexicon::denied(&lower[gv.cue.range.start..])
            || lexicon::denied(&lower[..gv.cue.range.start])
                && lower[..gv.cue.range.start].contains("that");
        use CueClass::*;
        let settlement = matches!(
            self.g.places[m.place].kind,
            crate::gazetteer::Kind::City
                | crate::gazetteer::Kind::Town
                | crate::gazetteer::Kind::Village
        );
        let between =
            &lower[gv.cue.range.end.min(m.start - self.range.start)..m.start - self.range.start];
        let partial = gv.partial && !(settlement && LIST_OF.is_match(between));
        let gv = &Governing {
            partial,
            ..gv.clone()
        };
        let class = match cue.class {
            Capture if gv.locative && !gv.partial => Presence,
            c => c,
        };
        let (mut controller, mut status, base) = match class {
            Capture if gv.partial => (actor, Status::Contested, 0.5),
            Capture => (actor, Status::Captured, 0.8),
            Incursion => (Controller::Contested, Status::Contested, 0.6),
            Hold | HoldBy(_) => (actor, Status::Held, 0.75),
            LostControl => (actor.opponent(), Status::Held, 0.7),
            Withdrawal => (actor.opponent(), Status::Captured, 0.7),
            Repel => (actor, Status::Held, 0.55),
            Strike => (actor.opponent(), Status::Held, 0.6),
            Advance => (actor.opponent(), Status::Held, 0.3),
            Siege => (actor.opponent(), Status::Besieged, 0.6),
            Presence => (actor, Status::Held, 0.5),
            Conflict => (Controller::Contested, Status::Contested, 0.6),
            Block => return None,
        };
        let mut confidence: f64 = base;
        let independent = self.sources.iter().any(|s| s.party.is_none());
        let mut rule_class = class_name(class, gv.partial);
        if denial && !conflict && !independent {
            // A party's denial is its own claim to hold the place.
            let loser = if matches!(class, Withdrawal | LostControl) {
                actor
            } else {
                actor.opponent()
            };
            controller = party.and_then(|p| p.party).unwrap_or(loser);
            if controller == Controller::Contested {
                return None;
            }
            status = Status::Claimed;
            claimed = true;
            confidence *= 0.6;
            rule_class = "denial";
        } else if conflict || denial {
            controller = Controller::Contested;
            status = Status::Contested;
        } else if claimed {
            if status == Status::Contested {
                // A side claiming to be inside a place claims it; others reporting it say it is fought over.
                if hedge || party.is_some_and(|p| p.party == Some(actor)) {
                    controller = actor;
                    status = Status::Claimed;
                }
            } else {
                status = Status::Claimed;
            }
            confidence *= 0.6;
        }
        if from_discourse {
            confidence *= 0.8;
        }
        let (date_span, date_basis) = self.date(gv, m.start - self.range.start);
        let date = date_span.map(|s| s.anchor());
        if date_basis == DateBasis::Publication {
            confidence *= 0.9;
        }
        Some(Claim {
            mention: k,
            place: m.place,
            controller,
            status,
            actor: (actor != Controller::Contested).then_some(actor),
            date,
            date_span,
            date_basis,
            confidence: (confidence * 100.0).round() / 100.0,
            confirmed: !claimed,
            claimed_by: if claimed {
                party.map(|p| p.label.as_str().into()).or_else(|| {
                    let claimant = if rule_class == "denial" {
                        controller
                    } else {
                        actor
                    };
                    Some(claimant.as_str().into())
                })
            } else {
                None
            },
            reported_by: self
                .sources
                .iter()
                .filter(|s| s.party.is_none())
                .map(|s| s.label.clone())
                .collect(),
            rule: format_compact!("{rule_class}:{}", cue.name),
            retraction: lexicon::retracted(&lower[..gv.cue.range.start]),
            sentence: self.range.clone(),
            evidence: self.article.text[self.range.clone()].to_string(),
        })
    }

    /// The chunk (between commas and similar) a byte offset falls in.
    fn chunk(&self, at: usize) -> Range<usize> {
        // The breaks are single characters in order: the last one ending by `at` and the
        // first one starting from it, as a search before and after `at` finds them.
        let b = self.breaks.get_or_init(|| {
            CHUNK_BREAK
                .find_iter(self.lower)
                .map(|m| m.range())
                .collect()
        });
        chunk_around(b, self.lower.len(), at)
    }

    /// A past year in the chunk of the cue or of the place ("since 2016", "in 2020").
    fn historical(&self, gv: &Governing, at: usize) -> bool {
        let reference = self
            .article
            .published
            .map(|d| chrono::Datelike::year(&d))
            .unwrap_or(2024);
        let chunks = [self.chunk(gv.cue.range.start), self.chunk(at)];
        // "has been in rebel hands since 2015": a state that still holds.
        let ongoing = matches!(CUES[gv.cue.cue].class, CueClass::Hold | CueClass::HoldBy(_));
        self.years.iter().any(|y| {
            y.year < reference
                && !(ongoing && SINCE_BEFORE.is_match(&self.lower[..y.range.start]))
                && chunks
                    .iter()
                    .any(|c| c.start <= y.range.start && y.range.end <= c.end)
        })
    }

    /// The time expression for a claim: the one nearest the cue and the place, preferring
    /// those in their chunk when two are equally near.
    fn date(&self, gv: &Governing, at: usize) -> (Option<time::DateSpan>, DateBasis) {
        let span = gv.cue.range.start.min(at)..gv.cue.range.end.max(at);
        let chunks = [self.chunk(gv.cue.range.start), self.chunk(at)];
        let distance = |t: &time::TimeExpr| {
            let d = if t.range.end <= span.start {
                span.start - t.range.end
            } else {
                t.range.start.saturating_sub(span.end)
            };
            let outside = !chunks
                .iter()
                .any(|c| c.start <= t.range.start && t.range.end <= c.end);
            let between = if t.range.end <= span.start {
                &self.lower[t.range.end..span.start]
            } else {
                &self.lower[span.end.min(t.range.start)..t.range.start]
            };
            let other_clause = SUBORDINATE.is_match(between);
            d + if outside { 60 } else { 0 } + if other_clause { 50 } else { 0 }
        };
        // A time expression both outside the claim's chunks and behind another clause
        // ("..., adding to the ground they won yesterday") dates something else.
        match self
            .times
            .iter()
            .map(|t| (distance(t), t))
            .min_by_key(|(d, _)| *d)
            .filter(|(d, t)| {
                let far = t.range.start >= span.end && *d >= 110;
                !far
            }) {
            Some((_, t)) => (t.span, t.basis),
            None => match self.article.published {
                Some(p) => (Some(time::DateSpan::day(p)), DateBasis::Publication),
                None => (None, DateBasis::Unresolved),
            },
        }
    }
}

/// The chunk of a text `len` bytes long around byte `at`, given where its breaks are (in
/// order, not overlapping): from the end of the last break ending by `at` to the start of
/// the first break starting from it.
fn chunk_around(breaks: &[Range<usize>], len: usize, at: usize) -> Range<usize> {
    let before = breaks.partition_point(|r| r.end <= at);
    let start = before.checked_sub(1).map_or(0, |i| breaks[i].end);
    let after = breaks.partition_point(|r| r.start < at);
    let end = breaks.get(after).map_or(len, |r| r.start);
    start..end
}

/// The claim a confirming sentence makes of an unconfirmed one before it: the same
/// place, side and date, now on the word of an independent source.
fn confirmation(c: &Claim, s: &Range<usize>, text: &str, by: &[String]) -> Claim {
    let captured = c.rule.starts_with("capture:");
    Claim {
        status: match c.status {
            Status::Claimed if captured => Status::Captured,
            Status::Claimed => Status::Held,
            st => st,
        },
        confidence: ((c.confidence / 0.6).min(0.8) * 100.0).round() / 100.0,
        confirmed: true,
        claimed_by: None,
        reported_by: by.to_vec(),
        rule: format_compact!("confirmation:{}", c.rule),
        sentence: s.clone(),
        evidence: text[s.clone()].to_string(),
        ..c.clone()
    }
}

/// The text with capitalised words (names the gazetteer lacks) and their al- parts removed, lower-cased.
fn without_names(s: &str) -> String {
    s.split(' ')
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            !(w.chars().next().is_some_and(char::is_uppercase)
                || w.starts_with("al-")
                || w.starts_with("el-"))
        })
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

fn is_modifier(w: &str) -> bool {
    matches!(
        w,
        "northern"
            | "southern"
            | "eastern"
            | "western"
            | "northwestern"
            | "northeastern"
            | "southwestern"
            | "southeastern"
            | "north-western"
            | "north-eastern"
            | "south-western"
            | "south-eastern"
            | "central"
            | "the"
            | "rural"
            | "restive"
    )
}

fn class_name(c: CueClass, partial: bool) -> &'static str {
    match c {
        CueClass::Capture if partial => "partial-capture",
        CueClass::Capture => "capture",
        CueClass::Incursion => "incursion",
        CueClass::Hold | CueClass::HoldBy(_) => "hold",
        CueClass::LostControl => "lost-control",
        CueClass::Withdrawal => "withdrawal",
        CueClass::Repel => "repel",
        CueClass::Strike => "strike",
        CueClass::Advance => "advance-target",
        CueClass::Siege => "siege",
        CueClass::Presence => "presence",
        CueClass::Conflict => "conflict",
        CueClass::Block => "block",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article;
    use crate::geoparse::{find_mentions, index::NameIndex};

    fn claims(text: &str, published: &str) -> Vec<(String, &'static str, &'static str, String)> {
        let g = Gazetteer::bundled().unwrap();
        let ix = NameIndex::build(&g);
        let a = article::parse(
            "t.txt".into(),
            text.into(),
            None,
            published.parse().ok(),
            "t.txt".as_ref(),
        )
        .unwrap();
        let m = find_mentions(&a.text, a.body.clone(), &g, &ix);
        extract(&a, &m, &g)
            .into_iter()
            .map(|c| {
                (
                    g.places[c.place].name.clone(),
                    c.controller.as_str(),
                    c.status.as_str(),
                    c.date.map(|d| d.to_string()).unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn chunks_from_the_breaks_found_once_match_a_search_each_time() {
        let texts = [
            "",
            "no breaks here",
            ",",
            "a, b; c: d (e) f\u{2014}g\u{2013}h,",
            ",,x,,\u{2014}\u{2014}y",
            "rebels took saraqib, a town on the m5 \u{2013} the key road; then (on friday) hama",
        ];
        for t in texts {
            let breaks: Vec<Range<usize>> = CHUNK_BREAK.find_iter(t).map(|m| m.range()).collect();
            for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                // The search the precomputed breaks replace.
                let start = CHUNK_BREAK
                    .find_iter(&t[..at])
                    .last()
                    .map(|m| m.end())
                    .unwrap_or(0);
                let end = CHUNK_BREAK
                    .find_at(t, at)
                    .map(|m| m.start())
                    .unwrap_or(t.len());
                assert_eq!(
                    chunk_around(&breaks, t.len(), at),
                    start..end,
                    "{t:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn capture_with_weekday() {
        let c = claims("Insurgents overran Saraqib on Saturday.", "2024-12-01");
        assert_eq!(
            c,
            [(
                "Saraqib".into(),
                "opposition",
                "captured",
                "2024-11-30".into()
            )]
        );
    }

    #[test]
    fn passive_and_lists() {
        let c = claims(
            "Khan Shaykhun and Morek fell to rebels late Friday.",
            "2024-12-01",
        );
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(
            c.iter().all(|x| x.1 == "opposition" && x.3 == "2024-11-29"),
            "{c:?}"
        );
    }

    #[test]
    fn strikes_imply_the_other_side_holds() {
        let c = claims(
            "Government warplanes struck Idlib city on Sunday.",
            "2024-12-01",
        );
        assert_eq!(
            c,
            [("Idlib".into(), "opposition", "held", "2024-12-01".into())]
        );
    }

    #[test]
    fn hedges_denials_and_movement() {
        let c = claims("Rebels claimed to have entered Hama.", "2024-12-01");
        assert_eq!(c[0].1, "opposition");
        assert_eq!(c[0].2, "claimed");
        let c = claims(
            "The monitor said the army had pulled out of Hama, although the army denied this.",
            "2024-12-01",
        );
        assert_eq!(c[0].1, "contested");
        let c = claims("Rebels are marching on Damascus.", "2024-12-01");
        assert_eq!(c[0].1, "government");
        assert!(claims(
            "The army had not been driven from Homs, and rebels did not capture Homs.",
            "2024-12-01"
        )
        .is_empty());
    }

    #[test]
    fn denials_confirmations_and_corrections() {
        // A party's denial alone is its claim to still hold the place.
        let c = claims(
            "The army denied on Tuesday that Halfaya had fallen to the rebels.",
            "2024-12-03",
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!((c[0].1, c[0].2), ("government", "claimed"));
        // An independent confirmation in the next sentence confirms the claim before it.
        let c = claims(
            "Rebels captured Halfaya on Tuesday, the operations room said. The Syrian Observatory for Human Rights confirmed that the town had been taken.",
            "2024-12-03",
        );
        let statuses: Vec<&str> = c.iter().map(|c| c.2).collect();
        assert_eq!(statuses, ["claimed", "captured"], "{c:?}");
        // What a correction says an earlier report wrongly said is not asserted.
        let g = Gazetteer::bundled().unwrap();
        let ix = NameIndex::build(&g);
        let a = article::parse(
            "t.txt".into(),
            "Correction: an earlier version of this report said rebels captured Saraqib on Thursday. Saraqib was captured by rebels on Friday.".into(),
            None,
            "2024-11-30".parse().ok(),
            "t.txt".as_ref(),
        )
        .unwrap();
        let m = find_mentions(&a.text, a.body.clone(), &g, &ix);
        let c = extract(&a, &m, &g);
        let r: Vec<(bool, String)> = c
            .iter()
            .map(|c| (c.retraction, c.date.unwrap().to_string()))
            .collect();
        assert_eq!(
            r,
            [(true, "2024-11-28".into()), (false, "2024-11-29".into())]
        );
    }

    #[test]
    fn agents_frames_roads_sieges_and_intent() {
        // A passive's agent follows "by"; an actor in another clause is not it.
        let c = claims(
            "Morek was captured by rebels on Sunday, and the army said it would hit back.",
            "2024-12-01",
        );
        assert_eq!(c[0].1, "opposition", "{c:?}");
        // "In Aleppo, ..." frames; "the Aleppo-Damascus highway" names a road.
        let c = claims(
            "In Aleppo, the Sheikh Maqsoud district remained under SDF control.",
            "2024-12-01",
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].0, "Sheikh Maqsoud");
        let c = claims(
            "Rebels took Saraqib, giving them control of the Aleppo\u{2013}Damascus highway.",
            "2024-12-01",
        );
        assert_eq!(c.len(), 1, "{c:?}");
        let c = claims("Rebels besieged Hama on Wednesday.", "2024-12-05");
        assert_eq!(
            c,
            [("Hama".into(), "government", "besieged", "2024-12-04".into())]
        );
        let c = claims("The army vowed to retake Aleppo.", "2024-12-01");
        assert_eq!((c[0].1, c[0].2), ("opposition", "held"), "{c:?}");
    }

    #[test]
    fn history_and_containers_are_skipped() {
        assert!(claims("The army retook Aleppo in 2016.", "2024-12-01").is_empty());
        // A state that has lasted since a past year still holds.
        let c = claims("Idlib has been in rebel hands since 2015.", "2024-12-01");
        assert_eq!((c[0].1, c[0].2), ("opposition", "held"), "{c:?}");
        let c = claims("Rebels captured Saraqib in Idlib province.", "2024-12-01");
        assert_eq!(c.len(), 1, "{c:?}");
    }

    #[test]
    fn undated_articles_give_no_dates() {
        let c = claims("Rebels captured Saraqib on Saturday. They seized Hama.", "");
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c.iter().all(|c| c.3.is_empty()), "{c:?}");
    }
}
