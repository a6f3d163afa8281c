//! A synthetic corpus for benchmarks: articles built from the gazetteer's names and
//! sentence templates of our own, reproducible from a seed.
//!
//! Each article is a short dispatch in the shape of the real ones: a headline, a
//! dateline, and sentences that capture, hold, shell, contest or leave places, in the
//! spellings the gazetteer knows (main names, transliteration variants and, now and
//! then, Arabic). The text is nonsense as reporting, but it exercises every stage as
//! real reporting does: names to find, cues to read, weekdays to resolve.

use crate::gazetteer::{Gazetteer, Kind};
use chrono::{Duration, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

/// One synthetic article.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SynthArticle {
    /// A stable name: `synth-000042`.
    pub id: String,
    /// Publication date.
    pub published: NaiveDate,
    /// The outlet.
    pub outlet: &'static str,
    /// The headline.
    pub title: String,
    /// The body (headline first, then a dateline and paragraphs).
    pub text: String,
}

impl SynthArticle {
    /// The article as a text file with YAML front matter, as `map` reads it.
    pub fn to_file(&self) -> String {
        format!(
            "---\npublished: {}\noutlet: {}\n---\n{}",
            self.published, self.outlet, self.text
        )
    }
}

const OUTLETS: [&str; 4] = [
    "Synthetic Wire",
    "Bench Courier",
    "Test Desk",
    "Model Monitor",
];

const ATTACKERS: [&str; 5] = [
    "Opposition fighters",
    "Rebel factions",
    "Hayat Tahrir al-Sham fighters",
    "Insurgents",
    "Turkish-backed factions",
];

const DEFENDERS: [&str; 3] = ["Government forces", "The Syrian army", "Regime troops"];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Sentence templates: `{A}` an attacker, `{D}` a defender, `{P}` and `{Q}` places,
/// `{W}` a weekday.
const SENTENCES: [&str; 14] = [
    "{A} captured {P} on {W}, according to a monitoring group.",
    "{A} said they had taken full control of {P} and the villages around it.",
    "Residents of {P} reported heavy shelling through the night.",
    "{D} said they had repelled an attack on their positions near {P}.",
    "Clashes went on at the edge of {P} on {W}.",
    "{D} withdrew from {P}, a military source said.",
    "Aid groups said thousands of families had fled {P} toward {Q}.",
    "The road between {P} and {Q} was cut for a second day.",
    "{D} still hold {P}, state media said.",
    "Air strikes hit {P} and {Q} on {W}, rescuers said.",
    "{A} entered {P} on {W} after a short battle.",
    "Independent confirmation of the reports was not possible.",
    "Humanitarian agencies warned of shortages of fuel and bread.",
    "Officials did not answer requests for comment.",
];

const HEADLINES: [&str; 4] = [
    "{A} advance on {P} as fighting spreads",
    "Fighting reported near {P} and {Q}",
    "{D} say they hold {P}",
    "Families flee {P} as front moves",
];

/// Builds synthetic articles from the gazetteer's places in Syria (cities, towns and
/// villages).
pub struct Generator {
    names: Vec<(String, String)>,
    rng: Pcg64,
    first_day: NaiveDate,
}

impl Generator {
    /// A generator over `g`'s places, reproducible from `seed`.
    pub fn new(g: &Gazetteer, seed: u64) -> Generator {
        let mut names = Vec::new();
        for p in &g.places {
            if !p.in_syria() || !matches!(p.kind, Kind::City | Kind::Town | Kind::Village) {
                continue;
            }
            let upper = p.name.to_uppercase();
            names.push((p.name.clone(), upper.clone()));
            for a in p.alt_names.iter().take(3) {
                names.push((a.clone(), upper.clone()));
            }
            if !p.name_ar.is_empty() {
                names.push((p.name_ar.clone(), upper));
            }
        }
        Generator {
            names,
            rng: Pcg64::seed_from_u64(seed),
            first_day: NaiveDate::from_ymd_opt(2024, 11, 27).expect("a real date"),
        }
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.rng.random_range(0..from.len())]
    }

    fn place(&mut self) -> (String, String) {
        let i = self.rng.random_range(0..self.names.len());
        self.names[i].clone()
    }

    fn fill(&mut self, template: &str, p: &str, q: &str) -> String {
        let a = *self.pick(&ATTACKERS);
        let d = *self.pick(&DEFENDERS);
        let w = *self.pick(&WEEKDAYS);
        template
            .replace("{A}", a)
            .replace("{D}", d)
            .replace("{W}", w)
            .replace("{P}", p)
            .replace("{Q}", q)
    }

    /// The next article of the seed's stream, named by `n`.
    pub fn article(&mut self, n: usize) -> SynthArticle {
        let published = self.first_day + Duration::days(self.rng.random_range(0..12));
        let outlet = *self.pick(&OUTLETS);
        let (p, dateline) = self.place();
        let (q, _) = self.place();
        let headline = *self.pick(&HEADLINES);
        let title = self.fill(headline, &p, &q);
        let mut text = format!("{title}\n\n{dateline}, Syria - ");
        let paragraphs = self.rng.random_range(3..6);
        for k in 0..paragraphs {
            if k > 0 {
                text.push_str("\n\n");
            }
            for s in 0..self.rng.random_range(2..4) {
                if s > 0 {
                    text.push(' ');
                }
                let (p, _) = self.place();
                let (q, _) = self.place();
                let t = *self.pick(&SENTENCES);
                let sentence = self.fill(t, &p, &q);
                text.push_str(&sentence);
            }
        }
        text.push('\n');
        SynthArticle {
            id: format!("synth-{n:06}"),
            published,
            outlet,
            title,
            text,
        }
    }
}

/// `n` articles from `seed`, numbered from 0.
///
/// ```
/// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
/// let a = frontline::corpus::generate(&g, 7, 3);
/// assert_eq!(a.len(), 3);
/// assert_eq!(a, frontline::corpus::generate(&g, 7, 3), "the same seed gives the same corpus");
/// assert!(a[0].to_file().starts_with("---\npublished: 2024-"));
/// ```
pub fn generate(g: &Gazetteer, seed: u64, n: usize) -> Vec<SynthArticle> {
    let mut gen = Generator::new(g, seed);
    (0..n).map(|i| gen.article(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_name_places_and_carry_cues() {
        let g = Gazetteer::bundled().unwrap();
        let arts = generate(&g, 1, 50);
        let ix = crate::geoparse::index::NameIndex::build(&g);
        let mut mentions = 0;
        for a in &arts {
            assert!(
                a.text.len() > 300 && a.text.len() < 4000,
                "{}",
                a.text.len()
            );
            mentions += crate::geoparse::parse(&a.text, 0..a.text.len(), &g, &ix)
                .mentions
                .len();
        }
        assert!(mentions > 50 * 8, "{mentions} mentions in 50 articles");
        assert_ne!(generate(&g, 2, 1), generate(&g, 1, 1));
    }
}
