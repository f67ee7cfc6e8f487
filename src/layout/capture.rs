//! A [`RenderBackend`] that draws nothing and only records the geometry that
//! layout-rs reports after `VisualGraph::do_it`: every box that carries a
//! numeric `properties` tag is stored under that tag. Edges are never handed
//! to layout-rs as arrows (only as DAG edges through positioned dummy
//! vertices), so arrow drawing is ignored.

use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point as LPoint;
use layout::core::style::StyleAttr;

/// Geometry captured from layout-rs.
#[derive(Debug, Default)]
pub(crate) struct Capture {
    /// `(tag, top-left, size)` of every tagged box, in drawing order.
    pub rects: Vec<(usize, LPoint, LPoint)>,
}

fn tag(properties: Option<String>) -> Option<usize> {
    properties.and_then(|p| p.parse().ok())
}

impl RenderBackend for Capture {
    fn draw_rect(
        &mut self,
        xy: LPoint,
        size: LPoint,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        if let Some(t) = tag(properties) {
            self.rects.push((t, xy, size));
        }
    }

    fn draw_line(&mut self, _: LPoint, _: LPoint, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: LPoint, _: LPoint, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, _: LPoint, _: &str, _: &StyleAttr) {}

    fn draw_arrow(
        &mut self,
        _: &[(LPoint, LPoint)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        _: Option<String>,
        _: &str,
    ) {
    }

    fn create_clip(&mut self, _: LPoint, _: LPoint, _: usize) -> ClipHandle {
        0
    }
}
