//! Floats that read back to the bit.
//!
//! serde_json parses a number as the nearest double only with its `float_roundtrip`
//! feature, which would change how every number in the crate is read (the gazetteer's
//! boundaries among them). Records of `frontline extract` carry their few floats (mention
//! and resolution scores, claim confidence, a mention's offset) as text instead: Rust
//! writes the shortest decimal that parses back to the same double, and parses it
//! exactly. A plain JSON number is read too.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Writes a float as its shortest exact decimal text (serde `serialize_with`).
pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(x)
}

/// Reads a float written as text (exactly) or as a number (serde `deserialize_with`).
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(Exact)
}

/// An `f64` that (de)serialises as [`serialize`] and [`deserialize`] do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct F64(pub f64);

impl Serialize for F64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for F64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize(d).map(F64)
    }
}

struct Exact;

impl Visitor<'_> for Exact {
    type Value = f64;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number, or a number written as a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        v.parse()
            .map_err(|_| E::custom(format!("{v:?} is not a number")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
}

/// The same for an optional pair of floats (a mention's offset: km and bearing).
pub mod pair {
    use super::F64;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the pair as two exact decimal texts (serde `serialize_with`).
    pub fn serialize<S: Serializer>(x: &Option<(f64, f64)>, s: S) -> Result<S::Ok, S::Error> {
        x.map(|(a, b)| (F64(a), F64(b))).serialize(s)
    }

    /// Reads the pair back (serde `deserialize_with`).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<(f64, f64)>, D::Error> {
        Ok(Option::<(F64, F64)>::deserialize(d)?.map(|(a, b)| (a.0, b.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::F64;

    #[test]
    fn floats_come_back_to_the_bit() {
        let mut x: f64 = 0.1;
        for i in 0..2000 {
            x = (x * 1.618_033_988_749_895 + i as f64 / 7.0).fract() / 3.0_f64.powi(i % 40);
            let text = serde_json::to_string(&F64(x)).unwrap();
            let back: F64 = serde_json::from_str(&text).unwrap();
            assert_eq!(back.0.to_bits(), x.to_bits(), "{text}");
        }
        assert_eq!(
            serde_json::to_string(&F64(0.1 + 0.2)).unwrap(),
            "\"0.30000000000000004\""
        );
        let n: F64 = serde_json::from_str("0.25").unwrap();
        assert_eq!(n.0, 0.25);
        assert!(serde_json::from_str::<F64>("\"x\"").is_err());
    }
}
