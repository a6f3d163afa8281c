//! The streaming sink every layer is written through.

use super::LayerError;
use serde_json::{Map, Value};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// One feature on its way to a sink: a geometry and its properties.
#[derive(Clone, Debug)]
pub struct Feature {
    /// The geometry.
    pub geometry: geojson::Geometry,
    /// Properties as JSON values.
    pub properties: Map<String, Value>,
    /// More properties given as the JSON text of an array or object (bulky ones, such
    /// as a place's evidence, made straight as text); their keys sort among the others.
    pub json: Vec<(&'static str, String)>,
}

/// A property value: a JSON value, or the JSON text of an array or object.
#[derive(Clone, Copy, Debug)]
pub enum Prop<'a> {
    /// A value.
    Value(&'a Value),
    /// JSON text, written as it is.
    Json(&'a str),
}

impl Feature {
    /// A feature with the given geometry and properties.
    pub fn new(geometry: geojson::Geometry, properties: Map<String, Value>) -> Feature {
        Feature {
            geometry,
            properties,
            json: Vec::new(),
        }
    }

    /// Every property in key order, as a sorted JSON object lists them.
    ///
    /// ```
    /// use frontline::layers::sink::{Feature, Prop};
    /// let mut props = serde_json::Map::new();
    /// props.insert("a".into(), 1.into());
    /// props.insert("z".into(), 2.into());
    /// let mut f = Feature::new(geojson::Geometry::new_point([36.0, 35.0]), props);
    /// f.json.push(("m", "[1,2]".into()));
    /// let keys: Vec<&str> = f.properties().map(|(k, _)| k).collect();
    /// assert_eq!(keys, ["a", "m", "z"]);
    /// ```
    pub fn properties(&self) -> impl Iterator<Item = (&str, Prop<'_>)> + Clone {
        let mut values = self.properties.iter().peekable();
        let mut json = self.json.iter().peekable();
        std::iter::from_fn(move || {
            let take_json = match (values.peek(), json.peek()) {
                (Some((k, _)), Some((j, _))) => j.as_bytes() < k.as_bytes(),
                (None, Some(_)) => true,
                (_, None) => false,
            };
            if take_json {
                json.next().map(|(k, t)| (*k, Prop::Json(t.as_str())))
            } else {
                values.next().map(|(k, v)| (k.as_str(), Prop::Value(v)))
            }
        })
    }

    /// Writes the feature as compact GeoJSON: `type`, `geometry`, then `properties`, as
    /// the `geojson` crate writes a feature without id, bbox or foreign members.
    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(b"{\"type\":\"Feature\",\"geometry\":")?;
        serde_json::to_writer(&mut *w, &self.geometry)?;
        w.write_all(b",\"properties\":{")?;
        for (n, (k, v)) in self.properties().enumerate() {
            if n > 0 {
                w.write_all(b",")?;
            }
            serde_json::to_writer(&mut *w, k)?;
            w.write_all(b":")?;
            match v {
                Prop::Value(v) => serde_json::to_writer(&mut *w, v)?,
                Prop::Json(t) => w.write_all(t.as_bytes())?,
            }
        }
        w.write_all(b"}}")
    }
}

/// Receives features one at a time and commits them on `finish`.
pub trait FeatureSink {
    /// Adds one feature.
    fn feature(&mut self, f: &Feature) -> Result<(), LayerError>;
    /// Commits the layer; until then nothing is visible at the destination.
    fn finish(self: Box<Self>) -> Result<(), LayerError>;
}

/// A GeoJSON FeatureCollection file, one feature per line, written atomically.
pub struct GeoJsonFile {
    path: PathBuf,
    out: BufWriter<std::fs::File>,
    /// The temporary file's path: removed if the layer is dropped unfinished.
    tmp: tempfile::TempPath,
    count: usize,
}

impl GeoJsonFile {
    /// Starts a layer at `path` (a temporary file beside it until `finish`).
    pub fn create(path: &Path) -> Result<Self, LayerError> {
        let tmp = crate::atomic::temp_beside(path).map_err(|e| LayerError::io(path, e))?;
        // Written through the plain file, so errors are the system's own.
        let (file, tmp) = tmp.into_parts();
        let mut out = BufWriter::new(file);
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")
            .map_err(|e| LayerError::io(path, e))?;
        Ok(GeoJsonFile {
            path: path.to_path_buf(),
            out,
            tmp,
            count: 0,
        })
    }
}

impl FeatureSink for GeoJsonFile {
    fn feature(&mut self, f: &Feature) -> Result<(), LayerError> {
        let sep: &[u8] = if self.count == 0 { b"\n" } else { b",\n" };
        self.out
            .write_all(sep)
            .and_then(|()| f.write(&mut self.out))
            .map_err(|e| LayerError::io(&self.path, e))?;
        self.count += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), LayerError> {
        self.out
            .write_all(b"\n]}\n")
            .map_err(|e| LayerError::io(&self.path, e))?;
        let GeoJsonFile { path, out, tmp, .. } = *self;
        let file = out
            .into_inner()
            .map_err(|e| LayerError::io(&path, e.into_error()))?;
        file.sync_all().map_err(|e| LayerError::io(&path, e))?;
        tmp.persist(&path)
            .map_err(|e| LayerError::io(&path, e.error))?;
        Ok(())
    }
}

/// Feeds every feature to several sinks; finishing it finishes each in turn.
pub struct Tee<'a>(pub Vec<Box<dyn FeatureSink + 'a>>);

impl FeatureSink for Tee<'_> {
    fn feature(&mut self, f: &Feature) -> Result<(), LayerError> {
        self.0.iter_mut().try_for_each(|s| s.feature(f))
    }

    fn finish(self: Box<Self>) -> Result<(), LayerError> {
        self.0.into_iter().try_for_each(|s| s.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_feature_is_written_as_the_geojson_crate_writes_it() {
        let props = json!({"b": [1, {"x": null}], "a": "\u{e9}\"<", "n": 0.1, "t": true});
        let Value::Object(props) = props else {
            unreachable!()
        };
        let g = geojson::Geometry::new_point([36.123456, 35.5]);
        let mut out = Vec::new();
        Feature::new(g.clone(), props.clone())
            .write(&mut out)
            .unwrap();
        let theirs = geojson::Feature {
            bbox: None,
            geometry: Some(g.clone()),
            id: None,
            properties: Some(props.clone()),
            foreign_members: None,
        };
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&theirs).unwrap()
        );
        // JSON text given apart lands at its key's place, as if it were a value.
        let mut split = props.clone();
        let b = split.remove("b").unwrap();
        let mut f = Feature::new(g, split);
        f.json.push(("b", b.to_string()));
        let mut out = Vec::new();
        f.write(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&theirs).unwrap()
        );
    }
}
