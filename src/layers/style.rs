//! The one colour convention of the tool, after Wikipedia's Syrian civil war maps.
//!
//! | controller  | colour    | |
//! |-------------|-----------|-|
//! | government  | `#d7191c` | red |
//! | opposition  | `#1a9641` | green (the HTS-led coalition) |
//! | sna         | `#a6d96a` | light green (Turkish-backed) |
//! | sdf         | `#f4d03f` | yellow |
//! | contested   | `#fd8d3c` | orange |
//! | unknown     | `#9e9e9e` | grey |
//!
//! Front lines are near-black and the advance is drawn in the opposition's green.

use crate::claims::Controller;

/// Hex colour of a controller: government red, opposition green, SNA light green,
/// SDF yellow, contested orange, unknown grey.
///
/// ```
/// use frontline::{claims::Controller, layers::style::colour};
/// assert_eq!(colour(Controller::Government), "#d7191c");
/// ```
pub fn colour(c: Controller) -> &'static str {
    match c {
        Controller::Government => "#d7191c",
        Controller::Opposition => "#1a9641",
        Controller::Sna => "#a6d96a",
        Controller::Sdf => "#f4d03f",
        Controller::Contested => "#fd8d3c",
        Controller::Unknown => "#9e9e9e",
    }
}

/// The legend label of a controller.
///
/// ```
/// use frontline::{claims::Controller, layers::style::label};
/// assert_eq!(label(Controller::Sna), "Syrian National Army");
/// ```
pub fn label(c: Controller) -> &'static str {
    match c {
        Controller::Government => "Government",
        Controller::Opposition => "Opposition (HTS-led)",
        Controller::Sna => "Syrian National Army",
        Controller::Sdf => "SDF",
        Controller::Contested => "Contested",
        Controller::Unknown => "Unknown",
    }
}

/// Colour of front lines.
pub const FRONT: &str = "#1b1b1b";

/// Colour of the axis the advance is measured along.
pub const AXIS: &str = "#6b6b6b";

/// Opacity of area fills.
pub const FILL_OPACITY: f64 = 0.4;

/// A hex colour as QGIS's `r,g,b,a` with the given alpha.
///
/// ```
/// assert_eq!(frontline::layers::style::qgis_rgba("#d7191c", 255), "215,25,28,255");
/// ```
pub fn qgis_rgba(hex: &str, alpha: u8) -> String {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    format!("{},{},{},{alpha}", c(0), c(2), c(4))
}
