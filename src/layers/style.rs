//! The one colour convention of the tool, after Wikipedia's Syrian civil war maps.

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
