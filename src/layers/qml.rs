//! QGIS style sidecars (`.qml`): QGIS loads `NAME.qml` beside `NAME.geojson` as the
//! layer's default style, so every layer opens categorised by controller with its legend,
//! and layers with `valid_from`/`valid_to` open ready for the Temporal Controller.

use super::style;
use crate::claims::Controller;

/// The geometry a style draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Geom {
    /// Markers.
    Point,
    /// Lines.
    Line,
    /// Filled areas.
    Polygon,
}

/// One legend entry: features whose attribute equals `value`.
#[derive(Clone, Debug)]
pub struct Category {
    /// The attribute value.
    pub value: String,
    /// The legend label.
    pub label: String,
    /// Hex colour.
    pub colour: String,
    /// Line width or marker size in millimetres.
    pub size_mm: f64,
    /// Dashed line.
    pub dashed: bool,
}

/// A categorised style.
#[derive(Clone, Debug)]
pub struct Style {
    /// What is drawn.
    pub geom: Geom,
    /// The attribute categorised on.
    pub attr: String,
    /// Legend entries, in legend order.
    pub categories: Vec<Category>,
    /// Whether the layer's temporal properties read `valid_from` and `valid_to`.
    pub temporal: bool,
}

impl Style {
    /// A style categorised by the `controller` attribute, one entry per controller.
    ///
    /// ```
    /// use frontline::layers::qml::{Geom, Style};
    /// let s = Style::by_controller(Geom::Polygon, true).qml();
    /// assert!(s.contains(r#"type="categorizedSymbol" attr="controller""#));
    /// assert!(s.contains(r#"startField="valid_from""#));
    /// assert!(s.contains("215,25,28,"));
    /// ```
    pub fn by_controller(geom: Geom, temporal: bool) -> Style {
        let size_mm = match geom {
            Geom::Point => 2.6,
            Geom::Line => 0.8,
            Geom::Polygon => 0.3,
        };
        Style {
            geom,
            attr: "controller".into(),
            categories: Controller::ALL
                .iter()
                .map(|&c| Category {
                    value: c.as_str().into(),
                    label: style::label(c).into(),
                    colour: style::colour(c).into(),
                    size_mm,
                    dashed: false,
                })
                .collect(),
            temporal,
        }
    }

    /// The QML document.
    pub fn qml(&self) -> String {
        let mut x = String::new();
        x.push_str("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n");
        x.push_str("<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\" labelsEnabled=\"0\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\">\n");
        if self.temporal {
            x.push_str("  <temporal enabled=\"1\" mode=\"2\" startField=\"valid_from\" endField=\"valid_to\" limitMode=\"0\" accumulate=\"0\" durationField=\"\" durationUnit=\"d\" fixedDuration=\"0\" startExpression=\"\" endExpression=\"\">\n    <fixedRange>\n      <start></start>\n      <end></end>\n    </fixedRange>\n  </temporal>\n");
        }
        x.push_str(&format!(
            "  <renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\" referencescale=\"-1\">\n    <categories>\n",
            esc(&self.attr)
        ));
        for (i, c) in self.categories.iter().enumerate() {
            x.push_str(&format!(
                "      <category value=\"{}\" label=\"{}\" symbol=\"{i}\" render=\"true\"/>\n",
                esc(&c.value),
                esc(&c.label)
            ));
        }
        x.push_str("    </categories>\n    <symbols>\n");
        for (i, c) in self.categories.iter().enumerate() {
            x.push_str(&self.symbol(&i.to_string(), c));
        }
        x.push_str("    </symbols>\n  </renderer-v2>\n");
        x.push_str("  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n  <layerOpacity>1</layerOpacity>\n");
        x.push_str("  <previewExpression>\"title\"</previewExpression>\n");
        // Map tips are HTML: article text (outlet names, sentences) is escaped, never markup.
        x.push_str("  <mapTip>[% replace(\"title\", array('&amp;', '&lt;'), array('&amp;amp;', '&amp;lt;')) %]&lt;br&gt;[% replace(\"description\", array('&amp;', '&lt;'), array('&amp;amp;', '&amp;lt;')) %]</mapTip>\n");
        x.push_str("  <layerGeometryType>");
        x.push_str(match self.geom {
            Geom::Point => "0",
            Geom::Line => "1",
            Geom::Polygon => "2",
        });
        x.push_str("</layerGeometryType>\n</qgis>\n");
        x
    }

    fn symbol(&self, name: &str, c: &Category) -> String {
        let full = style::qgis_rgba(&c.colour, 255);
        let size = format!("{}", c.size_mm);
        let (kind, class, props): (&str, &str, Vec<(&str, String)>) = match self.geom {
            Geom::Point => (
                "marker",
                "SimpleMarker",
                vec![
                    ("color", full),
                    ("name", "circle".into()),
                    ("outline_color", "35,35,35,255".into()),
                    ("outline_style", "solid".into()),
                    ("outline_width", "0.2".into()),
                    ("outline_width_unit", "MM".into()),
                    ("size", size),
                    ("size_unit", "MM".into()),
                ],
            ),
            Geom::Line => (
                "line",
                "SimpleLine",
                vec![
                    ("capstyle", "round".into()),
                    ("joinstyle", "round".into()),
                    ("line_color", full),
                    ("line_style", if c.dashed { "dash" } else { "solid" }.into()),
                    ("line_width", size),
                    ("line_width_unit", "MM".into()),
                ],
            ),
            Geom::Polygon => (
                "fill",
                "SimpleFill",
                vec![
                    (
                        "color",
                        style::qgis_rgba(&c.colour, (style::FILL_OPACITY * 255.0).round() as u8),
                    ),
                    ("joinstyle", "round".into()),
                    ("outline_color", full),
                    ("outline_style", "solid".into()),
                    ("outline_width", size),
                    ("outline_width_unit", "MM".into()),
                    ("style", "solid".into()),
                ],
            ),
        };
        let mut s = format!(
            "      <symbol type=\"{kind}\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n        <layer class=\"{class}\" enabled=\"1\" locked=\"0\" pass=\"0\">\n          <Option type=\"Map\">\n"
        );
        for (k, v) in &props {
            s.push_str(&format!(
                "            <Option name=\"{k}\" value=\"{}\" type=\"QString\"/>\n",
                esc(v)
            ));
        }
        s.push_str("          </Option>\n");
        for (k, v) in &props {
            s.push_str(&format!("          <prop k=\"{k}\" v=\"{}\"/>\n", esc(v)));
        }
        s.push_str("        </layer>\n      </symbol>\n");
        s
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_controller_has_a_category_and_a_symbol() {
        let q = Style::by_controller(Geom::Point, false).qml();
        for c in Controller::ALL {
            assert!(q.contains(&format!("value=\"{}\"", c.as_str())), "{c:?}");
        }
        assert_eq!(q.matches("<symbol ").count(), Controller::ALL.len());
        assert!(!q.contains("<temporal"));
    }

    #[test]
    fn fills_are_translucent_and_outlines_opaque() {
        let q = Style::by_controller(Geom::Polygon, false).qml();
        assert!(q.contains("<prop k=\"color\" v=\"26,150,65,102\"/>"), "{q}");
        assert!(q.contains("<prop k=\"outline_color\" v=\"26,150,65,255\"/>"));
    }

    #[test]
    fn labels_are_escaped() {
        let mut s = Style::by_controller(Geom::Line, false);
        s.categories[0].label = "A & B <c>".into();
        assert!(s.qml().contains("label=\"A &amp; B &lt;c&gt;\""));
    }
}
