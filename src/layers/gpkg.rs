//! One GeoPackage (`frontline.gpkg`) holding the temporal layers with their QGIS styles.
//!
//! Each layer is a feature table fed through the same [`FeatureSink`] as the GeoJSON files.
//! Columns are made from the features' properties: numbers, booleans, ISO dates (`DATE`, so
//! that QGIS's Temporal Controller reads them) and text; lists and objects are stored as JSON
//! text. Geometries are GeoPackage binary: the standard header with the envelope, then WKB
//! written by the `wkb` crate. Each table's style goes in QGIS's `layer_styles` table as the
//! default, so QGIS opens the layers styled and ready to animate. The file is built under a
//! temporary name and renamed when complete.

use super::sink::{Feature, FeatureSink, Prop};
use super::LayerError;
use geo::BoundingRect;
use rusqlite::{params, types::Value as Sql, Connection};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const WGS84: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]"#;

const SCHEMA: &str = "
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
  description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
  identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL,
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT,
  f_table_schema TEXT, f_table_name TEXT, f_geometry_column TEXT, styleName TEXT, styleQML TEXT,
  styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT, ui TEXT, update_time DATETIME);
";

/// Property names whose values are calendar dates.
const DATE_KEYS: [&str; 6] = [
    "valid_from",
    "valid_to",
    "day",
    "since",
    "decided_on",
    "captured_on",
];

/// A GeoPackage being built.
pub struct GeoPackage {
    path: PathBuf,
    tmp: tempfile::TempPath,
    db: Connection,
    stamp: String,
}

fn sql_err(path: &Path, e: rusqlite::Error) -> LayerError {
    LayerError::io(path, std::io::Error::other(e))
}

impl GeoPackage {
    /// Starts a GeoPackage at `path`. `stamp` (ISO 8601) is written as every table's
    /// `last_change`, so that the same inputs give the same file.
    pub fn create(path: &Path, stamp: &str) -> Result<Self, LayerError> {
        let tmp = crate::atomic::temp_beside(path)
            .map_err(|e| LayerError::io(path, e))?
            .into_temp_path();
        let db = Connection::open(&tmp).map_err(|e| sql_err(path, e))?;
        db.execute_batch(SCHEMA).map_err(|e| sql_err(path, e))?;
        let srs = [
            (
                "Undefined cartesian SRS",
                -1,
                "NONE",
                -1,
                "undefined",
                "undefined cartesian coordinate reference system",
            ),
            (
                "Undefined geographic SRS",
                0,
                "NONE",
                0,
                "undefined",
                "undefined geographic coordinate reference system",
            ),
            (
                "WGS 84 geodetic",
                4326,
                "EPSG",
                4326,
                WGS84,
                "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
            ),
        ];
        for (name, id, org, code, def, desc) in srs {
            db.execute(
                "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![name, id, org, code, def, desc],
            )
            .map_err(|e| sql_err(path, e))?;
        }
        db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles', ?1)",
            params![stamp],
        )
        .map_err(|e| sql_err(path, e))?;
        db.execute_batch("BEGIN").map_err(|e| sql_err(path, e))?;
        Ok(GeoPackage {
            path: path.to_path_buf(),
            tmp,
            db,
            stamp: stamp.to_string(),
        })
    }

    /// A sink that writes one feature table, with `qml` as its default QGIS style.
    ///
    /// Rows are kept in an unnamed temporary file beside the package until the sink
    /// finishes and the columns are known, so a large layer is never held in memory.
    pub fn table<'a>(
        &'a mut self,
        name: &str,
        description: &str,
        qml: String,
    ) -> Result<Table<'a>, LayerError> {
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let spill = tempfile::tempfile_in(dir).map_err(|e| LayerError::io(&self.path, e))?;
        Ok(Table {
            gpkg: self,
            name: name.to_string(),
            description: description.to_string(),
            qml,
            rows: BufWriter::new(spill),
            count: 0,
            columns: BTreeMap::new(),
            gtype: None,
            bounds: None,
        })
    }

    /// Commits and moves the file into place.
    pub fn finish(self) -> Result<(), LayerError> {
        let GeoPackage { path, tmp, db, .. } = self;
        db.execute_batch("COMMIT").map_err(|e| sql_err(&path, e))?;
        db.close().map_err(|(_, e)| sql_err(&path, e))?;
        tmp.persist(&path)
            .map_err(|e| LayerError::io(&path, e.error))
    }
}

/// One feature table, written when the sink finishes.
pub struct Table<'a> {
    gpkg: &'a mut GeoPackage,
    name: String,
    description: String,
    qml: String,
    /// Each feature's geometry blob and property values, in order (see [`Table::feature`]).
    rows: BufWriter<File>,
    count: usize,
    /// What the values of each property were, by name.
    columns: BTreeMap<String, Kinds>,
    /// The geometry type of the first feature.
    gtype: Option<&'static str>,
    /// The bounds of every geometry so far.
    bounds: Option<geo::Rect<f64>>,
}

/// What the non-null values of a column were: enough to choose its SQL type.
#[derive(Clone, Copy, Debug, Default)]
struct Kinds {
    present: bool,
    not_bool: bool,
    not_int: bool,
    not_number: bool,
    not_date: bool,
}

impl Kinds {
    fn see(&mut self, v: &Value) {
        if v.is_null() {
            return;
        }
        self.present = true;
        self.not_bool |= !v.is_boolean();
        self.not_int |= !(v.is_i64() || v.is_u64());
        self.not_number |= !v.is_number();
        self.not_date |= v
            .as_str()
            .is_none_or(|s| s.parse::<chrono::NaiveDate>().is_err());
    }

    /// Sees JSON text (an array or object): present, and of no narrower type than TEXT.
    fn see_json(&mut self) {
        self.present = true;
        self.not_bool = true;
        self.not_int = true;
        self.not_number = true;
        self.not_date = true;
    }

    /// The SQL type of a column named `key` that held these values.
    fn sql_type(self, key: &str) -> &'static str {
        if !self.present {
            "TEXT"
        } else if !self.not_bool {
            "BOOLEAN"
        } else if !self.not_int {
            "INTEGER"
        } else if !self.not_number {
            "REAL"
        } else if DATE_KEYS.contains(&key) && !self.not_date {
            "DATE"
        } else {
            "TEXT"
        }
    }
}

fn sql_value(v: Option<&Value>) -> Sql {
    match v {
        None | Some(Value::Null) => Sql::Null,
        Some(Value::Bool(b)) => Sql::Integer(i64::from(*b)),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Sql::Integer)
            .unwrap_or_else(|| Sql::Real(n.as_f64().unwrap_or(f64::NAN))),
        Some(Value::String(s)) => Sql::Text(s.clone()),
        Some(other) => Sql::Text(other.to_string()),
    }
}

/// GeoPackage binary: header with the envelope (little endian), then little-endian WKB.
///
/// ```
/// let g = geo::Geometry::Point(geo::point!(x: 36.5, y: 35.0));
/// let b = frontline::layers::gpkg::blob(&g).unwrap();
/// assert_eq!(&b[..4], b"GP\x00\x03");
/// assert_eq!(b.len(), 8 + 32 + 21);
/// ```
pub fn blob(g: &geo::Geometry<f64>) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"GP");
    out.push(0); // version 1
    out.push(0b0000_0011); // envelope [minx, maxx, miny, maxy], little endian
    out.extend_from_slice(&4326i32.to_le_bytes());
    let r = g
        .bounding_rect()
        .ok_or_else(|| std::io::Error::other("empty geometry"))?;
    for v in [r.min().x, r.max().x, r.min().y, r.max().y] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let options = wkb::writer::WriteOptions {
        endianness: wkb::Endianness::LittleEndian,
    };
    wkb::writer::write_geometry(&mut out, g, &options).map_err(std::io::Error::other)?;
    Ok(out)
}

fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn geometry_type(g: &geo::Geometry<f64>) -> &'static str {
    match g {
        geo::Geometry::Point(_) => "POINT",
        geo::Geometry::LineString(_) => "LINESTRING",
        geo::Geometry::MultiLineString(_) => "MULTILINESTRING",
        geo::Geometry::Polygon(_) => "POLYGON",
        geo::Geometry::MultiPolygon(_) => "MULTIPOLYGON",
        _ => "GEOMETRY",
    }
}

/// Row records in the spill file: the geometry blob, then each property as its name and
/// its SQL value, every part framed by its length.
mod row {
    use rusqlite::types::Value as Sql;
    use std::io::{self, Read, Write};

    pub fn put_bytes(w: &mut impl Write, b: &[u8]) -> io::Result<()> {
        w.write_all(&(b.len() as u64).to_le_bytes())?;
        w.write_all(b)
    }

    pub fn bytes(r: &mut impl Read) -> io::Result<Vec<u8>> {
        let mut n = [0u8; 8];
        r.read_exact(&mut n)?;
        let mut b = vec![0u8; u64::from_le_bytes(n) as usize];
        r.read_exact(&mut b)?;
        Ok(b)
    }

    pub fn put_value(w: &mut impl Write, v: &Sql) -> io::Result<()> {
        match v {
            Sql::Integer(i) => {
                w.write_all(&[1])?;
                w.write_all(&i.to_le_bytes())
            }
            Sql::Real(x) => {
                w.write_all(&[2])?;
                w.write_all(&x.to_le_bytes())
            }
            Sql::Text(t) => {
                w.write_all(&[3])?;
                put_bytes(w, t.as_bytes())
            }
            Sql::Blob(b) => {
                w.write_all(&[4])?;
                put_bytes(w, b)
            }
            Sql::Null => w.write_all(&[0]),
        }
    }

    pub fn value(r: &mut impl Read) -> io::Result<Sql> {
        let mut tag = [0u8; 1];
        r.read_exact(&mut tag)?;
        let mut n = [0u8; 8];
        Ok(match tag[0] {
            1 => {
                r.read_exact(&mut n)?;
                Sql::Integer(i64::from_le_bytes(n))
            }
            2 => {
                r.read_exact(&mut n)?;
                Sql::Real(f64::from_le_bytes(n))
            }
            3 => Sql::Text(String::from_utf8(bytes(r)?).map_err(io::Error::other)?),
            4 => Sql::Blob(bytes(r)?),
            _ => Sql::Null,
        })
    }
}

impl FeatureSink for Table<'_> {
    fn feature(&mut self, f: &Feature) -> Result<(), LayerError> {
        let path = &self.gpkg.path;
        let io = |e| LayerError::io(path, e);
        let g = geo::Geometry::<f64>::try_from(f.geometry.clone())
            .map_err(|e| io(std::io::Error::other(e)))?;
        self.gtype.get_or_insert(geometry_type(&g));
        if let Some(r) = g.bounding_rect() {
            self.bounds = Some(match self.bounds {
                None => r,
                Some(b) => geo::Rect::new(
                    geo::coord! { x: b.min().x.min(r.min().x), y: b.min().y.min(r.min().y) },
                    geo::coord! { x: b.max().x.max(r.max().x), y: b.max().y.max(r.max().y) },
                ),
            });
        }
        let w = &mut self.rows;
        row::put_bytes(w, &blob(&g).map_err(io)?).map_err(io)?;
        let props = f.properties();
        w.write_all(&(props.clone().count() as u64).to_le_bytes())
            .map_err(io)?;
        for (k, v) in props {
            // JSON text is an array or object: a TEXT column, as such a value makes.
            let sql = match v {
                Prop::Value(v) => sql_value(Some(v)),
                Prop::Json(t) => Sql::Text(t.to_string()),
            };
            let see = |kinds: &mut Kinds| match v {
                Prop::Value(v) => kinds.see(v),
                Prop::Json(_) => kinds.see_json(),
            };
            match self.columns.get_mut(k) {
                Some(kinds) => see(kinds),
                None => {
                    let mut kinds = Kinds::default();
                    see(&mut kinds);
                    self.columns.insert(k.to_string(), kinds);
                }
            }
            row::put_bytes(w, k.as_bytes()).map_err(io)?;
            row::put_value(w, &sql).map_err(io)?;
        }
        self.count += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), LayerError> {
        let Table {
            gpkg,
            name,
            description,
            qml,
            rows,
            count,
            columns,
            gtype,
            bounds,
        } = *self;
        let path = gpkg.path.clone();
        let err = |e| sql_err(&path, e);
        let io = |e| LayerError::io(&path, e);
        let gtype = gtype.unwrap_or("GEOMETRY");
        let columns: Vec<(String, &str)> = columns
            .into_iter()
            .map(|(k, kinds)| {
                let t = kinds.sql_type(&k);
                (k, t)
            })
            .collect();
        let mut ddl = format!(
            "CREATE TABLE {} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom {gtype}",
            ident(&name)
        );
        for (k, t) in &columns {
            ddl.push_str(&format!(", {} {t}", ident(k)));
        }
        ddl.push(')');
        let db = &gpkg.db;
        db.execute_batch(&ddl).map_err(err)?;
        let (min_x, min_y, max_x, max_y) = bounds.map_or((None, None, None, None), |b| {
            (
                Some(b.min().x),
                Some(b.min().y),
                Some(b.max().x),
                Some(b.max().y),
            )
        });
        db.execute(
            "INSERT INTO gpkg_contents VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 4326)",
            params![name, description, gpkg.stamp, min_x, min_y, max_x, max_y],
        )
        .map_err(err)?;
        db.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, 4326, 0, 0)",
            params![name, gtype],
        )
        .map_err(err)?;
        let placeholders: Vec<String> =
            (0..=columns.len()).map(|i| format!("?{}", i + 1)).collect();
        let insert = format!(
            "INSERT INTO {} (geom{}) VALUES ({})",
            ident(&name),
            columns
                .iter()
                .map(|(k, _)| format!(", {}", ident(k)))
                .collect::<String>(),
            placeholders.join(", ")
        );
        let mut stmt = db.prepare(&insert).map_err(err)?;
        let mut file = rows.into_inner().map_err(|e| io(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut r = BufReader::new(file);
        let index: BTreeMap<&str, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (k.as_str(), i + 1))
            .collect();
        for _ in 0..count {
            let mut values: Vec<Sql> = vec![Sql::Null; columns.len() + 1];
            values[0] = Sql::Blob(row::bytes(&mut r).map_err(io)?);
            let mut n = [0u8; 8];
            r.read_exact(&mut n).map_err(io)?;
            for _ in 0..u64::from_le_bytes(n) {
                let key = String::from_utf8(row::bytes(&mut r).map_err(io)?)
                    .map_err(|e| io(std::io::Error::other(e)))?;
                let v = row::value(&mut r).map_err(io)?;
                if let Some(&i) = index.get(key.as_str()) {
                    values[i] = v;
                }
            }
            stmt.execute(rusqlite::params_from_iter(values))
                .map_err(err)?;
        }
        db.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) VALUES ('', '', ?1, 'geom', ?1, ?2, '', 1, 'frontline default style', 'frontline', '', ?3)",
            params![name, qml, gpkg.stamp],
        )
        .map_err(err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The SQL type of a column from the values it holds.
    fn column_type(key: &str, values: &[&Value]) -> &'static str {
        let mut k = Kinds::default();
        for v in values {
            k.see(v);
        }
        k.sql_type(key)
    }

    #[test]
    fn column_types_follow_the_values() {
        assert_eq!(column_type("n", &[&json!(1), &json!(2)]), "INTEGER");
        assert_eq!(column_type("x", &[&json!(1), &json!(2.5)]), "REAL");
        assert_eq!(column_type("b", &[&json!(true), &Value::Null]), "BOOLEAN");
        assert_eq!(column_type("valid_from", &[&json!("2024-11-30")]), "DATE");
        assert_eq!(column_type("name", &[&json!("2024-11-30")]), "TEXT");
        assert_eq!(column_type("valid_to", &[&json!("soon")]), "TEXT");
        // JSON text (evidence lists, sources) makes TEXT whatever else the column held.
        for other in [json!(1), json!(true), json!("2024-11-30"), Value::Null] {
            let mut k = Kinds::default();
            k.see(&other);
            k.see_json();
            assert_eq!(k.sql_type("valid_from"), "TEXT", "{other}");
        }
    }

    #[test]
    fn rows_come_back_from_the_spill_file_with_their_columns_and_bounds() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.gpkg");
        let mut g = GeoPackage::create(&p, "2024-12-06T00:00:00.000Z").unwrap();
        let mut t: Box<dyn FeatureSink + '_> =
            Box::new(g.table("pts", "test", "<qgis/>".into()).unwrap());
        let rows = [
            json!({"a": 1, "gone": null, "text": "x"}),
            json!({"a": 2.5, "b": true, "gone": null}),
            json!({"b": false, "text": "y\u{0}z", "valid_from": "2024-12-05"}),
        ];
        for (i, props) in rows.iter().enumerate() {
            let f = Feature::new(
                geojson::Geometry::new_point([36.0 + i as f64, 35.0 - i as f64]),
                props.as_object().unwrap().clone(),
            );
            t.feature(&f).unwrap();
        }
        t.finish().unwrap();
        g.finish().unwrap();
        let db = Connection::open(&p).unwrap();
        let mut types = db
            .prepare("SELECT name, type FROM pragma_table_info('pts')")
            .unwrap();
        let types: Vec<(String, String)> = types
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let want = [
            ("fid", "INTEGER"),
            ("geom", "POINT"),
            ("a", "REAL"),
            ("b", "BOOLEAN"),
            ("gone", "TEXT"),
            ("text", "TEXT"),
            ("valid_from", "DATE"),
        ];
        let got: Vec<(&str, &str)> = types
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(got, want);
        let mut q = db
            .prepare("SELECT a, b, text, valid_from FROM pts ORDER BY fid")
            .unwrap();
        type Row = (Option<f64>, Option<bool>, Option<String>, Option<String>);
        let got: Vec<Row> = q
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(1.0), None, Some("x".into()), None),
                (Some(2.5), Some(true), None, None),
                (
                    None,
                    Some(false),
                    Some("y\u{0}z".into()),
                    Some("2024-12-05".into())
                ),
            ]
        );
        let bounds: (f64, f64, f64, f64) = db
            .query_row(
                "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'pts'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(bounds, (36.0, 33.0, 38.0, 35.0));
    }

    #[test]
    fn a_table_round_trips_through_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.gpkg");
        let mut g = GeoPackage::create(&p, "2024-12-06T00:00:00.000Z").unwrap();
        let props = json!({"name": "Hama", "valid_from": "2024-12-05"});
        let mut f = Feature::new(
            geojson::Geometry::new_point([36.5, 35.0]),
            props.as_object().unwrap().clone(),
        );
        f.json.push(("evidence", "[{\"a\":1}]".to_string()));
        let mut t: Box<dyn FeatureSink + '_> =
            Box::new(g.table("places", "test", "<qgis/>".into()).unwrap());
        t.feature(&f).unwrap();
        t.finish().unwrap();
        g.finish().unwrap();
        let db = Connection::open(&p).unwrap();
        let (name, ev): (String, String) = db
            .query_row("SELECT name, evidence FROM places", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((name.as_str(), ev.as_str()), ("Hama", "[{\"a\":1}]"));
        let ty: String = db
            .query_row(
                "SELECT geometry_type_name FROM gpkg_geometry_columns",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(ty, "POINT");
        let id: i64 = db
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, 0x47504B47);
    }
}
