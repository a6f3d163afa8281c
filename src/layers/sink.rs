//! The streaming sink every layer is written through.

use super::LayerError;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Receives features one at a time and commits them on `finish`.
pub trait FeatureSink {
    /// Adds one feature.
    fn feature(&mut self, f: &geojson::Feature) -> Result<(), LayerError>;
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
    fn feature(&mut self, f: &geojson::Feature) -> Result<(), LayerError> {
        let sep: &[u8] = if self.count == 0 { b"\n" } else { b",\n" };
        self.out
            .write_all(sep)
            .map_err(|e| LayerError::io(&self.path, e))?;
        serde_json::to_writer(&mut self.out, f)
            .map_err(|e| LayerError::io(&self.path, e.into()))?;
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
    fn feature(&mut self, f: &geojson::Feature) -> Result<(), LayerError> {
        self.0.iter_mut().try_for_each(|s| s.feature(f))
    }

    fn finish(self: Box<Self>) -> Result<(), LayerError> {
        self.0.into_iter().try_for_each(|s| s.finish())
    }
}
