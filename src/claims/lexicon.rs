//! The words claims are read from: actors, control verbs, hedges and sources.
//!
//! Every pattern runs on the ASCII-lower-cased sentence, so byte offsets match the original.

use super::Controller;
use regex::{Regex, RegexSet, SetMatches};
use std::ops::Range;
use std::sync::LazyLock;

/// What a control cue says happened to the place it governs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueClass {
    /// The actor took the place.
    Capture,
    /// The actor got into the place; fighting inside.
    Incursion,
    /// The actor holds the place.
    Hold,
    /// The actor, named inside the cue ("rebel-held"), holds the place.
    HoldBy(Controller),
    /// The actor named after the cue lost the place ("no longer under the control of").
    LostControl,
    /// The actor left the place; its opponent has it.
    Withdrawal,
    /// The actor pushed attackers back: it holds the place.
    Repel,
    /// The actor struck the place: its opponent holds it.
    Strike,
    /// The actor moves toward the place, or means to take it: its opponent still holds it.
    Advance,
    /// The actor surrounds the place: its opponent holds it, besieged.
    Siege,
    /// The actor is seen in the place (flags, patrols, deployments).
    Presence,
    /// Reports conflict over the place ("conflicting reports over X").
    Conflict,
    /// Words that look like a cue but are not ("taken prisoner", "took part").
    Block,
}

/// One cue pattern.
pub struct Cue {
    /// Its class.
    pub class: CueClass,
    /// True when the cue follows the place it governs ("X fell to rebels").
    pub post: bool,
    /// Short name recorded in the claim's `rule`.
    pub name: &'static str,
    re: Regex,
}

/// A cue found in a sentence.
#[derive(Clone, Debug)]
pub struct CueMatch {
    /// Byte range in the sentence.
    pub range: Range<usize>,
    /// Index into [`CUES`].
    pub cue: usize,
}

fn cue(class: CueClass, post: bool, name: &'static str, pattern: &str) -> Cue {
    Cue {
        class,
        post,
        name,
        re: Regex::new(pattern).expect("valid cue regex"),
    }
}

/// Every cue, most specific first (earlier patterns win overlaps of equal length).
pub static CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    use CueClass::*;
    vec![
        cue(
            Block,
            false,
            "not-control",
            r"(?-u:\b)taken\s+(?:prisoner|captive|hostage)s?(?-u:\b)|(?-u:\b)(?:took|take|takes|taking|taken)\s+(?:part|place|refuge|shelter)(?-u:\b)|(?-u:\b)taken\s+to(?-u:\b)|(?-u:\b)(?:held|hold|holds|holding)\s+(?:talks|a\s+(?:meeting|press|news|call))(?-u:\b)|(?-u:\b)control(?:led)?\s+(?:room|center|centre)(?-u:\b)",
        ),
        cue(
            Conflict,
            false,
            "conflicting-reports",
            r"(?-u:\b)(?:conflicting|contradictory|competing)\s+(?:reports|claims|accounts)\s+(?:over|about|on|of|from|regarding|as\s+to)(?-u:\b)",
        ),
        cue(
            HoldBy(Controller::Opposition),
            true,
            "remained-rebel-held",
            r"(?-u:\b)(?:remained|remain|remains|stayed|stay|stays|was|were|is|are)\s+(?:firmly\s+|still\s+)?(?:rebel|opposition|insurgent)-(?:held|controlled)(?-u:\b)",
        ),
        cue(
            HoldBy(Controller::Government),
            true,
            "remained-government-held",
            r"(?-u:\b)(?:remained|remain|remains|stayed|stay|stays|was|were|is|are)\s+(?:firmly\s+|still\s+)?(?:government|regime|army)-(?:held|controlled)(?-u:\b)",
        ),
        cue(
            HoldBy(Controller::Opposition),
            false,
            "rebel-held",
            r"(?-u:\b)(?:rebel|opposition|insurgent|hts|jihadist|militant)-(?:held|controlled|run)(?-u:\b)",
        ),
        cue(
            HoldBy(Controller::Government),
            false,
            "government-held",
            r"(?-u:\b)(?:government|regime|army|loyalist)-(?:held|controlled|run)(?-u:\b)",
        ),
        cue(
            HoldBy(Controller::Sdf),
            false,
            "kurdish-held",
            r"(?-u:\b)(?:kurdish|sdf|kurdish-led forces)-(?:held|controlled|run)(?-u:\b)",
        ),
        cue(
            HoldBy(Controller::Sna),
            false,
            "sna-held",
            r"(?-u:\b)(?:sna|turkish-backed|turkey-backed)-(?:held|controlled)(?-u:\b)",
        ),
        cue(
            HoldBy(Controller::Government),
            true,
            "in-government-control",
            r"(?-u:\b)(?:under|in)\s+(?:the\s+)?(?:full\s+|total\s+)?(?:government|regime|army)\s+(?:control|hands)(?-u:\b)",
        ),
        cue(
            HoldBy(Controller::Opposition),
            true,
            "in-rebel-control",
            r"(?-u:\b)(?:under|in)\s+(?:the\s+)?(?:full\s+|total\s+)?(?:rebel|opposition|insurgent)\s+(?:control|hands)(?-u:\b)",
        ),
        cue(
            HoldBy(Controller::Sdf),
            true,
            "in-kurdish-control",
            r"(?-u:\b)(?:under|in)\s+(?:the\s+)?(?:kurdish|sdf)\s+(?:control|hands)(?-u:\b)",
        ),
        cue(
            Hold,
            true,
            "remained-in-control-of",
            r"(?-u:\b)(?:remained|remain|remains|stayed|stay|stays|is|was|are|were|been)\s+(?:firmly\s+|still\s+|also\s+|long\s+)?(?:under\s+(?:the\s+)?(?:full\s+|total\s+|firm\s+)?(?:control|grip)|in\s+the\s+(?:hands|grip)|in\s+the\s+(?:full\s+|firm\s+)?control)\s+of(?-u:\b)",
        ),
        cue(
            LostControl,
            true,
            "no-longer-controlled-by",
            r"(?-u:\b)(?:no\s+longer|not)\s+under\s+(?:the\s+)?(?:control|iron\s+fist|grip|rule)\s+of(?-u:\b)|(?-u:\b)out\s+of\s+(?:the\s+)?control\s+of(?-u:\b)",
        ),
        cue(
            Capture,
            true,
            "fell-to",
            r"(?-u:\b)(?:fell|fallen|falls|falling)\s+to(?-u:\b)",
        ),
        cue(
            Capture,
            true,
            "passive-capture",
            r"(?-u:\b)(?:was|were|had\s+been|has\s+been|have\s+been|been|is|are)\s+(?:captured|seized|taken|overrun|stormed|liberated|recaptured|retaken)(?-u:\b)",
        ),
        cue(
            Capture,
            true,
            "passed-to",
            r"(?-u:\b)(?:passed|pass|passes|passing|went|go|goes|fell\s+into\s+the\s+hands)\s+(?:back\s+)?(?:to|of)(?-u:\b)",
        ),
        cue(
            Hold,
            true,
            "stayed-with",
            r"(?-u:\b)(?:stayed|stay|stays|remained|remain|remains)\s+(?:firmly\s+)?with(?-u:\b)",
        ),
        cue(
            Capture,
            true,
            "had-fallen",
            r"(?-u:\b)(?:had|has|have)\s+fallen(?:\s+to)?(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "took-control",
            r"(?-u:\b)(?:took|taken|taking|take|takes|seized|seizing|seize|gained|gaining|won|wrested|assumed)\s+(?:full\s+|total\s+|complete\s+)?control\s+(?:of|over|in)(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "took-over",
            r"(?-u:\b)(?:took|taken|taking|take|takes)\s+over(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "seized",
            r"(?-u:\b)(?:seized|seize|seizes|seizing)(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "captured",
            r"(?-u:\b)(?:captured|capture|captures|capturing|recaptured|recapture|retook|retake|retaken)(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "overran",
            r"(?-u:\b)(?:overran|overrun|overruns|overrunning)(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "stormed",
            r"(?-u:\b)(?:stormed|storm|storms|storming)(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "swept",
            r"(?-u:\b)(?:swept|sweep|sweeps|sweeping)(?:\s+(?:into|through))?(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "liberated",
            r"(?-u:\b)(?:liberated|liberate|liberates|liberating)(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "penetrated",
            r"(?-u:\b)(?:penetrated|penetrate|penetrates|penetrating)(?-u:\b)",
        ),
        cue(
            Capture,
            false,
            "took",
            r"(?-u:\b)(?:took|taken|takes)(?-u:\b)",
        ),
        cue(
            Incursion,
            false,
            "entered",
            r"(?-u:\b)(?:entered|entering|enter|enters)(?-u:\b)|(?-u:\b)(?:pushed|push|pushing|broke|break|breaking|burst|moved|advanced|advancing)\s+into(?-u:\b)|(?-u:\b)(?:fought|fighting|forced|forcing|made|making|battled|battling)\s+(?:their|its|his)\s+way\s+into(?-u:\b)|(?-u:\b)breached(?-u:\b)",
        ),
        cue(
            Incursion,
            false,
            "fighting-in",
            r"(?-u:\b)(?:fighting|clashes|clashed|battles?|street\s+battles|skirmishes)\s+(?:raged\s+|continued\s+|with\s+troops\s+)?(?:in|inside|for|around|over)(?-u:\b)",
        ),
        cue(
            Withdrawal,
            false,
            "withdrew",
            r"(?-u:\b)(?:pulled|pulling|pull|pulls)\s+out\s+(?:of|from)(?-u:\b)|(?-u:\b)(?:withdrew|withdrawn|withdrawing|withdraw|withdraws|withdrawal|retreated|retreat|retreating|redeployed|redeploying|redeployment|fled)\s+(?:from|out\s+of)(?-u:\b)|(?-u:\b)(?:lost|loses|lose|losing)\s+(?:full\s+|total\s+)?control\s+(?:of|over)(?-u:\b)|(?-u:\b)(?:abandoned|evacuated)(?-u:\b)",
        ),
        cue(
            Repel,
            false,
            "repelled",
            r"(?-u:\b)(?:pushed|push|pushing|pushes|beat|beaten|beating|drove|driven|driving)\s+(?:back|off)(?-u:\b)|(?-u:\b)(?:repelled|repel|repels|repelling|repulsed|repulse|thwarted|foiled)(?-u:\b)",
        ),
        cue(
            Hold,
            false,
            "control",
            r"(?-u:\b)(?:in\s+control\s+of|control|controls|controlled|controlling)(?-u:\b)",
        ),
        cue(
            Hold,
            false,
            "held",
            r"(?-u:\b)(?:held|holds|hold|holding|retain|retains|retained|kept)(?-u:\b)",
        ),
        cue(
            Strike,
            false,
            "strike",
            r"(?-u:\b)(?:air\s*strikes?|airstrikes?|struck|strikes?|striking|shelled|shelling|bombed|bombing|bombarded|bombardment|pounded|targeted|targeting|raids?)(?-u:\b)",
        ),
        cue(
            Advance,
            false,
            "intent",
            r"(?-u:\b)(?:vow(?:ed|s|ing)?|pledg(?:ed|es|ing)|promis(?:ed|es|ing)|aim(?:ed|s|ing)?|plan(?:ned|s|ning)?|prepar(?:e|es|ed|ing)|threaten(?:ed|s|ing)?|hop(?:e|es|ed|ing)|seek(?:s|ing)?|sought|want(?:s|ed|ing)?|tr(?:y|ies|ied|ying)|attempt(?:ed|s|ing)?|bid|poised|set|ready|readying|massing|mass(?:ed|es)?)\s+(?:\w+\s+){0,2}?to\s+(?:\w+\s+)?(?:retake|recapture|take|capture|seize|storm|enter|reach|regain|attack|assault|push\s+into|march\s+on)(?-u:\b)|(?-u:\b)counter-?(?:attack|offensive)s?\s+(?:on|against|toward|towards|to\s+retake|aimed\s+at)(?-u:\b)",
        ),
        cue(
            Siege,
            true,
            "besieged-by",
            r"(?-u:\b)(?:was|were|is|are|been|remained|remains|now)\s+(?:fully\s+|completely\s+|almost\s+|nearly\s+)?(?:besieged|encircled|surrounded|cut\s+off|under\s+siege)(?-u:\b)",
        ),
        cue(
            Siege,
            false,
            "besieged",
            r"(?-u:\b)(?:besieged|besieging|besiege|besieges|encircled|encircling|encircle|encircles|surrounded|laid\s+siege\s+to|laying\s+siege\s+to|lay\s+siege\s+to|siege\s+of|encirclement\s+of)(?-u:\b)",
        ),
        cue(
            Advance,
            false,
            "advance-toward",
            r"(?-u:\b)(?:towards?|marching\s+on|marched\s+on|march\s+on|advancing\s+on|advanced\s+on|advance\s+on|closing\s+in\s+on|closed\s+in\s+on|converging\s+on|bearing\s+down\s+on|outskirts\s+of|gates\s+of|doorstep\s+of)(?-u:\b)",
        ),
        cue(
            Presence,
            false,
            "presence",
            r"(?-u:\b)(?:rais(?:e|es|ed|ing)|hoist(?:s|ed|ing)?)\s+(?:the|a|their|its)\s+(?:\w+\s+){0,2}flags?(?-u:\b)|(?-u:\b)fanned\s+out(?-u:\b)|(?-u:\b)(?:deployed|deploying|deploy)(?-u:\b)|(?-u:\b)(?:stand|stands|stood|standing)\s+atop(?-u:\b)|(?-u:\b)(?:pose|poses|posed|posing)(?-u:\b)|(?-u:\b)patroll?(?:ed|ing|s)?(?-u:\b)|(?-u:\b)celebrat(?:e|es|ed|ing)(?-u:\b)",
        ),
    ]
});

/// Finds the cues of a lower-cased sentence, longest first where they overlap.
pub fn find_cues(lower: &str, found: &Found) -> Vec<CueMatch> {
    let mut all: Vec<CueMatch> = Vec::new();
    for i in found.cues() {
        for m in CUES[i].re.find_iter(lower) {
            if adjectival(m.as_str(), &lower[m.end()..]) {
                continue;
            }
            all.push(CueMatch {
                range: m.range(),
                cue: i,
            });
        }
    }
    all.sort_by_key(|m| (std::cmp::Reverse(m.range.len()), m.cue));
    let mut kept: Vec<CueMatch> = Vec::new();
    for m in all {
        if !kept
            .iter()
            .any(|k| k.range.start < m.range.end && m.range.start < k.range.end)
        {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.range.start);
    kept
}

/// Things left behind: "abandoned" or "evacuated" before one of these (within two
/// words) describes them ("abandoned army vehicles"), not a withdrawal from a place.
const LEFT_BEHIND: [&str; 17] = [
    "vehicles",
    "vehicle",
    "tanks",
    "tank",
    "weapons",
    "ammunition",
    "munitions",
    "equipment",
    "homes",
    "houses",
    "cars",
    "trucks",
    "artillery",
    "guns",
    "uniforms",
    "hardware",
    "checkpoints",
];

/// Is a withdrawal word used as an adjective of left-behind things?
fn adjectival(cue: &str, after: &str) -> bool {
    matches!(cue, "abandoned" | "evacuated")
        && after
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(2)
            .any(|w| LEFT_BEHIND.contains(&w))
}

/// An actor named in a sentence.
#[derive(Clone, Debug)]
pub struct ActorMatch {
    /// Byte range in the sentence.
    pub range: Range<usize>,
    /// The side it belongs to.
    pub side: Controller,
}

static ACTORS: LazyLock<Vec<(Controller, Regex)>> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(s).expect("valid actor regex");
    vec![
        (
            Controller::Opposition,
            r(
                r"(?-u:\b)anti-(?:government|regime|assad)\s+(?:\w+\s+){0,2}?(?:fighters|forces|groups|rebels|insurgents|militants)(?-u:\b)",
            ),
        ),
        (
            Controller::Sdf,
            r(
                r"(?-u:\b)kurdish(?:-led)?\s+(?:forces|fighters|militias?|groups?|units)(?-u:\b)|(?-u:\b)sdf(?-u:\b)|(?-u:\b)ypg(?-u:\b)|(?-u:\b)syrian\s+democratic\s+forces(?-u:\b)",
            ),
        ),
        (
            Controller::Sna,
            r(
                r"(?-u:\b)(?:turkish|turkey|ankara)-backed(?-u:\b)|(?-u:\b)sna(?-u:\b)|(?-u:\b)syrian\s+national\s+army(?-u:\b)",
            ),
        ),
        (
            Controller::Government,
            r(
                r"(?-u:\b)(?:syrian|russian|regime|government)\s+(?:air\s*strikes|airstrikes|warplanes|jets|aircraft|air\s*force|airforce)(?-u:\b)|(?-u:\b)pro-(?:government|regime|assad)\s+(?:forces|fighters|militias?)(?-u:\b)",
            ),
        ),
        (
            Controller::Opposition,
            r(
                r"(?-u:\b)hay'?at\s+tahri?r\s+al-sham(?-u:\b)|(?-u:\b)hayat\s+tahrir\s+al\s+sham(?-u:\b)|(?-u:\b)hts(?-u:\b)|(?-u:\b)jihadists?(?-u:\b)|(?-u:\b)jihadi(?-u:\b)|(?-u:\b)islamists?(?-u:\b)|(?-u:\b)rebels?(?-u:\b)|(?-u:\b)insurgents?(?-u:\b)|(?-u:\b)insurgency(?-u:\b)|(?-u:\b)opposition(?-u:\b)|(?-u:\b)fighters(?-u:\b)|(?-u:\b)militants?(?-u:\b)|(?-u:\b)terrorists?(?-u:\b)|(?-u:\b)armed\s+groups?(?-u:\b)|(?-u:\b)deterrence\s+of\s+aggression(?-u:\b)|(?-u:\b)operations\s+room(?-u:\b)|(?-u:\b)military\s+operations\s+command(?-u:\b)",
            ),
        ),
        (
            Controller::Government,
            r(
                r"(?-u:\b)government(?-u:\b)|(?-u:\b)regime(?-u:\b)|(?-u:\b)army(?-u:\b)|(?-u:\b)military(?-u:\b)|(?-u:\b)troops(?-u:\b)|(?-u:\b)soldiers(?-u:\b)|(?-u:\b)armed\s+forces(?-u:\b)|(?-u:\b)defen[cs]e\s+ministry(?-u:\b)|(?-u:\b)ministry\s+of\s+defen[cs]e(?-u:\b)|(?-u:\b)warplanes(?-u:\b)|(?-u:\b)loyalists?(?-u:\b)|(?-u:\b)assad'?s\s+forces(?-u:\b)|(?-u:\b)russian\s+(?:air\s+force|forces|military)(?-u:\b)|(?-u:\b)moscow(?-u:\b)",
            ),
        ),
    ]
});

/// Finds the actors of a lower-cased sentence (the first pattern wins overlaps).
pub fn find_actors(lower: &str, found: &Found) -> Vec<ActorMatch> {
    let mut out: Vec<ActorMatch> = Vec::new();
    for i in found.actors() {
        let (side, re) = &ACTORS[i];
        for m in re.find_iter(lower) {
            if !out
                .iter()
                .any(|a| a.range.start < m.end() && m.start() < a.range.end)
            {
                out.push(ActorMatch {
                    range: m.range(),
                    side: *side,
                });
            }
        }
    }
    out.sort_by_key(|a| a.range.start);
    out
}

/// Who a claim is attributed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// A label such as `state media`, `rebels`, `war monitor`.
    pub label: String,
    /// The side the source speaks for; `None` for independent monitors and outlets.
    pub party: Option<Controller>,
}

static SPEECH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:said|says|say|saying|claimed|claims|claim|reported|reports|announced|announces|told|stated|statement|according\s+to|quoted|confirmed|confirms|denied|denies)(?-u:\b)").expect("valid regex")
});

/// Sources by label: (label, group, side, pattern). Within a group only the first match
/// counts, so "state news agency SANA" is SANA, not SANA and "state media".
/// (label, group, side, pattern).
type SourcePattern = (&'static str, &'static str, Option<Controller>, Regex);

static SOURCES: LazyLock<Vec<SourcePattern>> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(s).expect("valid source regex");
    vec![
        (
            "SANA",
            "state",
            Some(Controller::Government),
            r(r"(?-u:\b)sana(?-u:\b)"),
        ),
        (
            "state media",
            "state",
            Some(Controller::Government),
            r(
                r"(?-u:\b)state(?:-run|-controlled)?\s+(?:media|news\s+agency|television|tv|news)(?-u:\b)|(?-u:\b)official\s+media(?-u:\b)",
            ),
        ),
        (
            "army",
            "army",
            Some(Controller::Government),
            r(
                r"(?-u:\b)(?:army|military|troops|forces)\s+(?:\w+\s+){0,2}(?:said|says|claimed|claims|announced|insisted|stated|acknowledged|conceded|denied|denies)(?-u:\b)|(?-u:\b)(?:army|military)\s+(?:command|statement|spokesman|source)(?-u:\b)|(?-u:\b)according\s+to\s+the\s+(?:army|military|government)(?-u:\b)|(?-u:\b)armed\s+forces\s+(?:said|says|command|statement)(?-u:\b)|(?-u:\b)defen[cs]e\s+ministry(?-u:\b)|(?-u:\b)government\s+(?:said|says|officials?)(?-u:\b)",
            ),
        ),
        (
            "SNA",
            "sna",
            Some(Controller::Sna),
            r(
                r"(?-u:\b)(?:sna|syrian\s+national\s+army|(?:turkish|turkey|ankara)-backed\s+(?:factions?|groups?|forces|fighters))\s+(?:\w+\s+){0,2}(?:said|says|claimed|claims|announced)(?-u:\b)",
            ),
        ),
        (
            "rebels",
            "rebels",
            Some(Controller::Opposition),
            r(
                r"(?-u:\b)(?:rebels?|fighters|insurgents|opposition|hts|factions?)\s+(?:\w+\s+){0,2}(?:said|say|says|claimed|claim|claims|announced)(?-u:\b)|(?-u:\b)(?:rebel|opposition)\s+(?:commander|statement|sources?|spokesman|leaders?|operations|media|channels)(?-u:\b)|(?-u:\b)(?:operations\s+room|military\s+operations\s+command)(?:'s)?\s+(?:\w+\s+){0,2}(?:said|says|claimed|claims|announced|statement|told|spokesman)(?-u:\b)",
            ),
        ),
        (
            "SOHR",
            "monitor",
            None,
            r(r"(?-u:\b)observatory(?-u:\b)|(?-u:\b)sohr(?-u:\b)"),
        ),
        (
            "war monitor",
            "monitor",
            None,
            r(
                r"(?-u:\b)war\s+monitor(?-u:\b)|(?-u:\b)monitoring\s+group(?-u:\b)|(?-u:\b)the\s+monitor(?-u:\b)",
            ),
        ),
        (
            "AFP",
            "AFP",
            None,
            r(r"(?-u:\b)afp(?-u:\b)|(?-u:\b)agence\s+france"),
        ),
        ("Reuters", "Reuters", None, r(r"(?-u:\b)reuters(?-u:\b)")),
        ("AP", "AP", None, r(r"(?-u:\b)associated\s+press(?-u:\b)")),
        ("Anadolu", "Anadolu", None, r(r"(?-u:\b)anadolu(?-u:\b)")),
        (
            "witnesses",
            "witnesses",
            None,
            r(r"(?-u:\b)witness(?:es)?(?-u:\b)|(?-u:\b)residents(?-u:\b)"),
        ),
        (
            "correspondents",
            "correspondents",
            None,
            r(
                r"(?-u:\b)correspondents?(?-u:\b)|(?-u:\b)reporters?\s+(?:on\s+the\s+ground|in)(?-u:\b)",
            ),
        ),
        (
            "local media",
            "local media",
            None,
            r(r"(?-u:\b)local\s+media(?-u:\b)|(?-u:\b)activists(?-u:\b)"),
        ),
    ]
});

/// The cue, actor and source patterns in one set ([`CUES`], then [`ACTORS`], then
/// [`SOURCES`]): one pass over a sentence tells which of them occur in it.
static LEXICON: LazyLock<RegexSet> = LazyLock::new(|| {
    let cues = CUES.iter().map(|c| c.re.as_str());
    let actors = ACTORS.iter().map(|(_, re)| re.as_str());
    let sources = SOURCES.iter().map(|(_, _, _, re)| re.as_str());
    RegexSet::new(cues.chain(actors).chain(sources)).expect("valid lexicon regexes")
});

/// The cue, actor and source patterns that occur in a lower-cased sentence.
pub struct Found(SetMatches);

impl Found {
    /// Scans a lower-cased sentence for every cue, actor and source pattern at once.
    pub fn new(lower: &str) -> Found {
        Found(LEXICON.matches(lower))
    }

    /// The indices of `len` patterns from `first` on in [`LEXICON`] that occur, counted from `first`.
    fn part(&self, first: usize, len: usize) -> impl Iterator<Item = usize> + '_ {
        (first..first + len)
            .filter(|&i| self.0.matched(i))
            .map(move |i| i - first)
    }

    /// The [`CUES`] that occur, by index.
    fn cues(&self) -> impl Iterator<Item = usize> + '_ {
        self.part(0, CUES.len())
    }

    /// The [`ACTORS`] that occur, by index.
    fn actors(&self) -> impl Iterator<Item = usize> + '_ {
        self.part(CUES.len(), ACTORS.len())
    }

    /// The [`SOURCES`] that occur, by index.
    fn sources(&self) -> impl Iterator<Item = usize> + '_ {
        self.part(CUES.len() + ACTORS.len(), SOURCES.len())
    }
}

/// An outlet or body named after "according to" or "told", or before "reported".
static NAMED_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:according\s+to|told|cited\s+by|quoted\s+by)\s+(?:the\s+)?((?:[A-Z][\w'\u{2019}-]*\s+){0,3}[A-Z][\w'\u{2019}-]*)|(?:^|[,;]\s+|(?-u:\b)the\s+)((?:[A-Z][\w'\u{2019}-]*\s+){0,3}[A-Z][\w'\u{2019}-]*)\s+(?:reported|said\s+in\s+a\s+report)(?-u:\b)")
        .expect("valid regex")
});

/// A word of every branch of [`NAMED_SOURCE`], lower-case: a sentence with none of them
/// cannot match it.
const NAMED_SOURCE_WORDS: [&str; 5] = ["according", "told", "cited", "quoted", "report"];

/// The sources a sentence attributes its statement to, when it has a verb of saying.
///
/// `lower` is `sentence` ASCII-lower-cased. Named outlets ("according to Orontes Wire")
/// are read from the original sentence and count as independent sources.
pub fn find_sources(lower: &str, sentence: &str, found: &Found) -> Vec<Source> {
    if !SPEECH.is_match(lower) {
        return Vec::new();
    }
    let mut groups: Vec<&str> = Vec::new();
    let mut out: Vec<Source> = Vec::new();
    for i in found.sources() {
        let (label, group, party, re) = &SOURCES[i];
        // "the Syrian National Army said" is not the army speaking.
        let hit = re
            .find_iter(lower)
            .any(|m| !lower[..m.start()].ends_with("national "));
        if !groups.contains(group) && hit {
            groups.push(group);
            out.push(Source {
                label: label.to_string(),
                party: *party,
            });
        }
    }
    if !NAMED_SOURCE_WORDS.iter().any(|w| lower.contains(w)) {
        return out;
    }
    for c in NAMED_SOURCE.captures_iter(sentence) {
        let Some(name) = c.get(1).or(c.get(2)) else {
            continue;
        };
        let n = name.as_str().trim();
        let l = n.to_ascii_lowercase();
        // Parties and the bodies already recognised are not outlets.
        let f = Found::new(&l);
        let known = f.sources().next().is_some()
            || f.actors().next().is_some()
            || matches!(l.as_str(), "he" | "she" | "they" | "it" | "the");
        if !known && !out.iter().any(|s| s.label == n) {
            out.push(Source {
                label: n.to_string(),
                party: None,
            });
        }
    }
    out
}

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:claimed|claims|claim|claiming)\s+(?:to\s+have|they\s+had|they\s+have|that)?|(?-u:\b)(?:said|say|says)\s+(?:they|it)\s+(?:had|have|has)(?-u:\b)|(?-u:\b)purportedly(?-u:\b)|(?-u:\b)allegedly(?-u:\b)|(?-u:\b)unconfirmed(?-u:\b)|(?-u:\b)unverified(?-u:\b)|(?-u:\b)(?:could|can|has|have)\s*(?:not|n't)\s+(?:be\s+)?(?:independently\s+)?(?:confirm|verify|confirmed|verified)(?-u:\b)|(?-u:\b)no\s+independent\s+(?:confirmation|verification)(?-u:\b)").expect("valid regex")
});
static CONFLICT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:conflicting|contradictory|contradicting|disputed|contested)(?-u:\b)")
        .expect("valid regex")
});
static DENIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:denied|denies|deny|denying|rejected|dismissed)(?-u:\b)")
        .expect("valid regex")
});
static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?-u:\b)(?:not|never|no)|n't|(?-u:\b)failed\s+to)\s+(?:yet\s+|been\s+|have\s+|had\s+|fully\s+)*$",
    )
    .expect("valid regex")
});

static RETRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*correction(?-u:\b)[^;]*$|(?-u:\b)(?:an?\s+earlier\s+version\s+of\s+this\s+(?:report|article|story|dispatch)|(?:incorrectly|wrongly|erroneously|mistakenly)\s+(?:said|reported|stated))(?-u:\b)[^;]*$")
        .expect("valid regex")
});

/// True when the clause before a cue reports what an earlier report wrongly said
/// ("Correction: ...", "An earlier version of this report said ...").
pub fn retracted(lower_prefix: &str) -> bool {
    RETRACTION.is_match(lower_prefix)
}

static CONFIRMS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:confirmed|confirms|corroborated|verified)(?-u:\b)")
        .expect("valid regex")
});

/// True when a sentence confirms what the one before it reported ("The Observatory
/// confirmed that the towns had been taken"): a verb of confirming, not negated.
pub fn confirms(lower: &str) -> bool {
    CONFIRMS
        .find_iter(lower)
        .any(|m| !negated_before(&lower[..m.start()]))
}

/// A hedge ("claimed to have", "purportedly") in the text.
pub fn hedged(lower: &str) -> bool {
    HEDGE.is_match(lower)
}

/// Words of conflicting reports in the text.
pub fn conflicting(lower: &str) -> bool {
    CONFLICT.is_match(lower)
}

/// A denial in the text.
pub fn denied(lower: &str) -> bool {
    DENIAL.is_match(lower)
}

/// True when the text ends in a negation ("had not been", "failed to").
pub fn negated_before(lower_prefix: &str) -> bool {
    NEGATION.is_match(lower_prefix)
}

#[cfg(test)]
mod tests {
    #[test]
    fn abandoned_things_are_no_withdrawal() {
        assert!(
            !cue_names("fighters stood beside abandoned army vehicles in anjara")
                .contains(&"withdrew")
        );
        assert!(cue_names("the army abandoned its positions in anjara").contains(&"withdrew"));
    }

    use super::*;

    #[test]
    fn named_source_words_are_in_every_match() {
        // find_sources skips NAMED_SOURCE when the sentence has none of NAMED_SOURCE_WORDS:
        // every match must hold one, or the shortcut would lose sources.
        let parts = [
            "according",
            " to ",
            "told",
            "cited",
            " by ",
            "quoted",
            "reported",
            "said in a",
            " report",
            "the ",
            "The ",
            "Reuters",
            "Syrian Observatory",
            "SOHR",
            "AFP",
            " ",
            ", ",
            "; ",
            "he",
            "\n",
            "Accord",
            "tolD",
            "Told",
            "\u{2019}s",
            "-",
            "x",
        ];
        let mut next = crate::testing::rng(0x853C49E6748FEA9B);
        let mut matched = 0;
        for n in 0..200_000 {
            let s = crate::testing::random_text(&parts, 2 + n % 10, "", &mut next);
            for m in NAMED_SOURCE.find_iter(&s) {
                matched += 1;
                let lower = m.as_str().to_lowercase();
                assert!(
                    NAMED_SOURCE_WORDS.iter().any(|w| lower.contains(w)),
                    "{s:?}: {:?}",
                    m.as_str()
                );
            }
        }
        assert!(matched > 1_000, "{matched} matches");
    }

    fn cue_names(s: &str) -> Vec<&'static str> {
        find_cues(s, &Found::new(s))
            .iter()
            .map(|m| CUES[m.cue].name)
            .collect()
    }

    #[test]
    fn longest_cue_wins() {
        assert_eq!(
            cue_names("after taking control of aleppo"),
            ["took-control"]
        );
        assert_eq!(
            cue_names("65 troops were taken prisoner in eastern aleppo"),
            ["not-control"]
        );
        assert_eq!(cue_names("the rebel-held city of idlib"), ["rebel-held"]);
        assert_eq!(
            cue_names("whether it was still in government control"),
            ["in-government-control"]
        );
        assert_eq!(
            cue_names("aleppo is no longer under the control of the government"),
            ["no-longer-controlled-by"]
        );
    }

    #[test]
    fn actors_by_side() {
        let l = "anti-government fighters and the syrian army met kurdish forces";
        let a = find_actors(l, &Found::new(l));
        let sides: Vec<Controller> = a.iter().map(|a| a.side).collect();
        assert_eq!(
            sides,
            [
                Controller::Opposition,
                Controller::Government,
                Controller::Sdf
            ]
        );
    }

    #[test]
    fn sources_and_hedges() {
        let labels = |s: &str| -> Vec<String> {
            let l = s.to_ascii_lowercase();
            find_sources(&l, s, &Found::new(&l))
                .into_iter()
                .map(|s| s.label)
                .collect()
        };
        assert_eq!(
            labels("According to Syrian state news agency SANA and a war monitor, the army pushed back insurgents"),
            ["SANA", "war monitor"]
        );
        assert_eq!(
            labels("Rebels took the town, the Syrian Observatory for Human Rights said, according to Orontes Wire."),
            ["SOHR", "Orontes Wire"]
        );
        assert!(labels("The army pushed back insurgents").is_empty());
        assert!(hedged("fighters claimed to have taken over"));
        assert!(negated_before("had not been "));
        assert!(!negated_before("had been "));
    }
}
