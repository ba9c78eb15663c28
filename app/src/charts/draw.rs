//! The SVG of the charts, drawn with plotters.
//!
//! An SVG scales its text with its width, so one drawing cannot be legible both in a 290 px
//! phone column and across a 1,300 px desktop: every chart is drawn in the three [`Size`]s and
//! the page shows the one that fits its box (container queries in style/main.css). The legend is
//! not in the drawing, where it would cover data: [`line_legend`] and [`lights_legend`] give it to
//! the page, which lists it under the chart.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use readiness_rules::{Lang, Light, LightCounts, format_number};

use super::LegendEntry;

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The plotting area both charts share: margins, label areas and the value ranges.
fn frame<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    margin: u32,
    right: u32,
    text: f64,
    y_area: u32,
    x: std::ops::Range<f64>,
    y_top: f64,
) -> Option<Chart<'a, 'b>> {
    ChartBuilder::on(root)
        .margin_top(margin)
        .margin_bottom(margin)
        .margin_left(margin)
        .margin_right(right)
        .x_label_area_size((text * 2.0) as u32)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x, 0f64..y_top)
        .ok()
}

/// What the axes say: how many labels, and how each reads.
struct Axes<'f> {
    text: f64,
    x_labels: usize,
    x_label: &'f dyn Fn(&f64) -> String,
    y_labels: usize,
    y_label: &'f dyn Fn(&f64) -> String,
    y_desc: &'f str,
}

/// Horizontal grid lines only, in the house style.
fn draw_axes(chart: &mut Chart<'_, '_>, axes: Axes<'_>) -> Option<()> {
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .x_labels(axes.x_labels)
        .x_label_formatter(axes.x_label)
        .y_labels(axes.y_labels)
        .y_label_formatter(axes.y_label)
        .y_desc(axes.y_desc)
        .label_style(font(axes.text).color(&INK))
        .axis_desc_style(font(axes.text).color(&INK))
        .draw()
        .ok()
}

/// A drawing size, chosen by the width of the chart's box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Narrow,
    Medium,
    Wide,
}

impl Size {
    pub const ALL: [Size; 3] = [Size::Narrow, Size::Medium, Size::Wide];

    /// Width and height of the drawing (SVG units).
    pub fn dims(self) -> (u32, u32) {
        match self {
            Size::Narrow => (360, 300),
            Size::Medium => (680, 340),
            Size::Wide => (1100, 380),
        }
    }

    /// The narrowest box (CSS px) that shows this size: a 360 px phone leaves the chart about
    /// 290 px inside a card. Keep in step with the container queries in style/main.css.
    pub fn shown_from(self) -> u32 {
        match self {
            Size::Narrow => 280,
            Size::Medium => 560,
            Size::Wide => 960,
        }
    }

    /// Height of the text (SVG units): at [`Size::shown_from`] it still renders at ≥ 12.5 px.
    pub fn text(self) -> f64 {
        match self {
            Size::Narrow => 16.5,
            Size::Medium => 16.0,
            Size::Wide => 15.0,
        }
    }

    /// The SVG's class, which the stylesheet shows or hides.
    pub fn class(self) -> &'static str {
        match self {
            Size::Narrow => "chart-narrow",
            Size::Medium => "chart-medium",
            Size::Wide => "chart-wide",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Size::Narrow => "n",
            Size::Medium => "m",
            Size::Wide => "w",
        }
    }
}

/// Plotters' SVG backend writes `font-size` as the size given ÷ 1.24; this undoes it, so the
/// sizes in this file are the sizes on the page.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

fn font(px: f64) -> FontDesc<'static> {
    FontDesc::new(
        FontFamily::SansSerif,
        px * PLOTTERS_FONT_SCALE,
        FontStyle::Normal,
    )
}

/// A generous estimate of a text's width: an average sans-serif glyph is about 0.55 em.
fn text_width(text: &str, px: f64) -> f64 {
    text.chars().count() as f64 * 0.6 * px
}

const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const AXIS: RGBColor = RGBColor(0x75, 0x75, 0x75);
/// Grid lines: there to read a value across, not to be seen.
const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);

/// Fills chosen so that the lights differ in lightness too (they survive greyscale and
/// colour-blindness); every segment also carries its symbol and count where it fits, and the
/// stack order is always the same.
fn fill(light: Light) -> RGBColor {
    match light {
        Light::Green => RGBColor(0x2d, 0xa4, 0x4e),
        Light::Amber => RGBColor(0xf5, 0xd7, 0x6e),
        Light::Red => RGBColor(0x8b, 0x1a, 0x1a),
        Light::Grey => RGBColor(0xec, 0xef, 0xf1),
        Light::NotApplicable => WHITE,
    }
}

fn ink_on(light: Light) -> RGBColor {
    match light {
        Light::Green | Light::Red => WHITE,
        _ => BLACK,
    }
}

/// Bottom to top.
const STACK: [Light; 4] = [Light::Green, Light::Amber, Light::Red, Light::Grey];

/// Line colours, each at least 3:1 against white.
const LINE_COLOURS: [RGBColor; 6] = [
    RGBColor(0x0b, 0x5c, 0xad),
    RGBColor(0xb3, 0x26, 0x1e),
    RGBColor(0x1a, 0x7f, 0x37),
    RGBColor(0x7d, 0x4e, 0x00),
    RGBColor(0x6f, 0x42, 0xc1),
    RGBColor(0x3a, 0x3a, 0x3a),
];

/// Series are told apart by marker shape (and after six by a dashed line) as well as colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    TriangleDown,
    Cross,
}

const MARKERS: [Marker; 6] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Cross,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SeriesStyle {
    colour: RGBColor,
    marker: Marker,
    dashed: bool,
}

fn series_style(s: usize) -> SeriesStyle {
    SeriesStyle {
        colour: LINE_COLOURS[s % LINE_COLOURS.len()],
        marker: MARKERS[s % MARKERS.len()],
        dashed: (s / MARKERS.len()) % 2 == 1,
    }
}

/// The outline of a polygon marker of radius `r` around (`x`, `y`); `None` for the circle and
/// the cross, which are not polygons.
fn marker_outline(marker: Marker, x: f64, y: f64, r: f64) -> Option<Vec<(f64, f64)>> {
    match marker {
        Marker::Circle | Marker::Cross => None,
        Marker::Square => {
            let h = r * 0.85;
            Some(vec![
                (x - h, y - h),
                (x + h, y - h),
                (x + h, y + h),
                (x - h, y + h),
            ])
        }
        Marker::Triangle => Some(vec![
            (x, y - r * 1.1),
            (x + r, y + r * 0.7),
            (x - r, y + r * 0.7),
        ]),
        Marker::TriangleDown => Some(vec![
            (x, y + r * 1.1),
            (x + r, y - r * 0.7),
            (x - r, y - r * 0.7),
        ]),
        Marker::Diamond => Some(vec![
            (x, y - r * 1.2),
            (x + r, y),
            (x, y + r * 1.2),
            (x - r, y),
        ]),
    }
}

fn hex(c: RGBColor) -> String {
    // As plotters writes colours, so the tests can find them.
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// A small SVG of a series' line and marker for the legend. Made of fixed shapes and colours
/// only: nothing from the data goes into it.
fn line_swatch(style: SeriesStyle) -> String {
    let colour = hex(style.colour);
    let dash = if style.dashed {
        " stroke-dasharray=\"6 4\""
    } else {
        ""
    };
    let (x, y, r) = (18.0, 8.0, 5.0);
    let marker = match (style.marker, marker_outline(style.marker, x, y, r)) {
        (_, Some(points)) => format!(
            "<polygon points=\"{}\" fill=\"{colour}\"/>",
            points
                .iter()
                .map(|(px, py)| format!("{px:.1},{py:.1}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        (Marker::Cross, None) => {
            format!("<path d=\"M13 3L23 13M23 3L13 13\" stroke=\"{colour}\" stroke-width=\"2.5\"/>")
        }
        _ => format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"{colour}\"/>"),
    };
    format!(
        "<svg width=\"36\" height=\"16\" viewBox=\"0 0 36 16\" aria-hidden=\"true\" focusable=\"false\">\
         <line x1=\"1\" y1=\"8\" x2=\"35\" y2=\"8\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/>{marker}</svg>"
    )
}

/// The legend of a [`lines`] chart: one entry per series, in the same style.
pub fn line_legend(names: &[String]) -> Vec<LegendEntry> {
    names
        .iter()
        .enumerate()
        .map(|(s, name)| LegendEntry {
            label: name.clone(),
            swatch: line_swatch(series_style(s)),
        })
        .collect()
}

/// The legend of [`stacked_lights`]: the lights bottom to top, each with its symbol.
pub fn lights_legend(lang: Lang) -> Vec<LegendEntry> {
    STACK
        .iter()
        .map(|&light| LegendEntry {
            label: format!("{} {}", light.symbol(), light.label(lang)),
            swatch: format!(
                "<svg width=\"16\" height=\"16\" viewBox=\"0 0 16 16\" aria-hidden=\"true\" focusable=\"false\">\
                 <rect x=\"1\" y=\"1\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#000\"/></svg>",
                hex(fill(light))
            ),
        })
        .collect()
}

/// Escapes text for SVG markup (the title and description come from data).
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Adds the size's class, role, title and description to the SVG root: each size is a whole
/// chart for a screen reader (only the one shown is in the accessibility tree).
fn accessible(svg: String, id: &str, size: Size, title: &str, description: &str) -> String {
    let Some(end) = svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|e| start + e))
    else {
        return svg;
    };
    let id = format!("{id}-{}", size.suffix());
    format!(
        "{} class=\"{}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        &svg[..end],
        size.class(),
        escape(title),
        escape(description),
        &svg[end + 1..]
    )
}

/// Which labels of the x axis to write where each gets `slot` units: every `step`-th, counted back
/// from the last so that the latest point is always named; the others are left empty.
fn thinned(labels: &[String], slot: f64, text: f64) -> Vec<String> {
    let widest = labels
        .iter()
        .map(|l| text_width(l, text))
        .fold(0.0, f64::max);
    // A gap of one text height between neighbours.
    let step = ((widest + text) / slot.max(1.0)).ceil().max(1.0) as usize;
    let last = labels.len().saturating_sub(1);
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if (last - i).is_multiple_of(step) {
                l.clone()
            } else {
                String::new()
            }
        })
        .collect()
}

/// The x axis' labels to write and the right margin they need, for a plot of `slots` equal
/// slots in `room` units beside the y axis. The last label is centred on the last slot: its
/// right half may need more than the usual `margin`.
fn x_layout(
    labels: &[String],
    slots: f64,
    room: f64,
    text: f64,
    margin: u32,
) -> (Vec<String>, u32) {
    let slot = room / slots;
    let last_half = thinned(labels, slot, text)
        .last()
        .map_or(0.0, |l| text_width(l, text) / 2.0);
    let extra = (last_half - slot / 2.0).max(0.0).ceil();
    // The plot is narrower by that: thin for the slots it really has.
    let shown = thinned(labels, (room - extra) / slots, text);
    (shown, margin + extra as u32)
}

/// The room the y axis needs: its widest tick label, and the rotated description if any.
fn y_area(widest_tick: &str, text: f64, with_desc: bool) -> u32 {
    let desc = if with_desc { text * 1.5 } else { 0.0 };
    (text_width(widest_tick, text) + text * 0.8 + desc).ceil() as u32
}

/// Draws `draw` in every size and joins the SVGs; `None` if any size fails to draw.
fn in_all_sizes(
    id: &str,
    title: &str,
    description: &str,
    draw: impl Fn(Size, &mut String) -> Option<()>,
) -> Option<String> {
    let mut out = String::new();
    for size in Size::ALL {
        let mut svg = String::new();
        draw(size, &mut svg)?;
        out.push_str(&accessible(svg, id, size, title, description));
    }
    Some(out)
}

/// Units per light, one stacked bar per point in time.
pub fn stacked_lights(
    id: &str,
    title: &str,
    description: &str,
    labels: &[String],
    counts: &[LightCounts],
    lang: Lang,
) -> Option<String> {
    if labels.is_empty() {
        return None;
    }
    let max = counts
        .iter()
        .map(|c| c.applicable())
        .max()
        .unwrap_or(0)
        .max(1);
    let y_top = f64::from(max) * 1.05;
    in_all_sizes(id, title, description, |size, svg| {
        let (width, height) = size.dims();
        let text = size.text();
        let root = SVGBackend::with_string(svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let n = labels.len();
        let y_desc = if lang == Lang::Sv { "enheter" } else { "units" };
        let y_area = y_area(&max.to_string(), text, true);
        let margin = (text * 0.75) as u32;
        let room = f64::from(width - y_area - 2 * margin);
        let (shown, right) = x_layout(labels, n as f64, room, text, margin);
        let slot = (room - f64::from(right - margin)) / n as f64;
        let mut chart = frame(&root, margin, right, text, y_area, 0f64..n as f64, y_top)?;
        let label_of = |x: &f64| {
            let i = x.floor() as usize;
            if (x - x.floor() - 0.5).abs() < 1e-9 {
                shown.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        // Whole units only: at most one tick per unit.
        let y_labels = (max as usize + 1).min(5);
        let y_label = |y: &f64| format!("{y:.0}");
        let axes = Axes {
            text,
            x_labels: n * 2 + 1,
            x_label: &label_of,
            y_labels,
            y_label: &y_label,
            y_desc,
        };
        draw_axes(&mut chart, axes)?;
        let plot_height = f64::from(chart.plotting_area().get_pixel_range().1.len() as u32);
        let bar = slot * 0.7;
        for (i, c) in counts.iter().enumerate() {
            let mut bottom = 0f64;
            for light in STACK {
                let value = f64::from(c.get(light));
                if value == 0.0 {
                    continue;
                }
                let (x0, x1) = (i as f64 + 0.15, i as f64 + 0.85);
                let segment = [(x0, bottom), (x1, bottom + value)];
                chart
                    .draw_series([
                        Rectangle::new(segment, fill(light).filled()),
                        Rectangle::new(segment, BLACK.stroke_width(1)),
                    ])
                    .ok()?;
                // The symbol and count where they fit, the count alone where only it does.
                let full = format!("{} {}", light.symbol(), c.get(light));
                let label = [full, c.get(light).to_string()]
                    .into_iter()
                    .find(|l| text_width(l, text) <= bar - 4.0);
                let tall_enough = value / y_top * plot_height >= text * 1.2;
                if let (Some(label), true) = (label, tall_enough) {
                    chart
                        .draw_series(std::iter::once(Text::new(
                            label,
                            (i as f64 + 0.5, bottom + value / 2.0),
                            font(text)
                                .color(&ink_on(light))
                                .pos(Pos::new(HPos::Center, VPos::Center)),
                        )))
                        .ok()?;
                }
                bottom += value;
            }
        }
        root.present().ok()
    })
}

/// One line per series (values may be missing: the line breaks there), y from 0 to `y_max`.
/// The series' names are not drawn: [`line_legend`] gives them to the page.
#[allow(clippy::too_many_arguments)]
pub fn lines(
    id: &str,
    title: &str,
    description: &str,
    labels: &[String],
    series: &[Vec<Option<f64>>],
    y_max: f64,
    y_desc: &str,
    lang: Lang,
) -> Option<String> {
    if labels.is_empty() || series.iter().all(|v| v.iter().all(Option::is_none)) {
        return None;
    }
    let y_top = y_max.max(1.0) * 1.05;
    in_all_sizes(id, title, description, |size, svg| {
        let (width, height) = size.dims();
        let text = size.text();
        let root = SVGBackend::with_string(svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let n = labels.len();
        // One point: give it room on both sides.
        let (x_min, x_max) = (-0.5, (n as f64 - 0.5).max(0.5));
        let y_area = y_area(&format_number(y_top, lang), text, !y_desc.is_empty());
        let margin = (text * 0.75) as u32;
        let room = f64::from(width - y_area - 2 * margin);
        let (shown, right) = x_layout(labels, x_max - x_min, room, text, margin);
        let mut chart = frame(&root, margin, right, text, y_area, x_min..x_max, y_top)?;
        let label_of = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-9 && i >= 0.0 {
                shown.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        let y_label = |y: &f64| format_number(*y, lang);
        let axes = Axes {
            text,
            x_labels: n.max(2),
            x_label: &label_of,
            y_labels: 5,
            y_label: &y_label,
            y_desc,
        };
        draw_axes(&mut chart, axes)?;
        let radius = (text * 0.32).max(4.0);
        for (s, values) in series.iter().enumerate() {
            let style = series_style(s);
            let stroke = style.colour.stroke_width(3);
            let points: Vec<Option<(i32, i32)>> = values
                .iter()
                .enumerate()
                .map(|(i, v)| v.map(|v| chart.backend_coord(&(i as f64, v))))
                .collect();
            // A missing value breaks the line: no figure is not a straight line between two.
            for run in points.split(Option::is_none) {
                let run: Vec<(i32, i32)> = run.iter().flatten().copied().collect();
                if run.len() < 2 {
                    continue;
                }
                if style.dashed {
                    root.draw(&DashedPathElement::new(run, 9, 6, stroke)).ok()?;
                } else {
                    root.draw(&PathElement::new(run, stroke)).ok()?;
                }
            }
            for &(x, y) in points.iter().flatten() {
                let (fx, fy) = (f64::from(x), f64::from(y));
                match (style.marker, marker_outline(style.marker, fx, fy, radius)) {
                    (_, Some(outline)) => {
                        let outline: Vec<(i32, i32)> = outline
                            .into_iter()
                            .map(|(px, py)| (px.round() as i32, py.round() as i32))
                            .collect();
                        root.draw(&Polygon::new(outline, style.colour.filled()))
                            .ok()?;
                    }
                    (Marker::Cross, None) => {
                        let r = radius.round() as i32;
                        for (a, b) in [((-r, -r), (r, r)), ((r, -r), (-r, r))] {
                            root.draw(&PathElement::new(
                                vec![(x + a.0, y + a.1), (x + b.0, y + b.1)],
                                style.colour.stroke_width(3),
                            ))
                            .ok()?;
                        }
                    }
                    _ => {
                        root.draw(&Circle::new(
                            (x, y),
                            radius.round() as i32,
                            style.colour.filled(),
                        ))
                        .ok()?;
                    }
                }
            }
        }
        root.present().ok()
    })
}

/// The texts written in `svg`, in order (for tests).
#[cfg(test)]
pub(crate) fn drawn_texts(svg: &str) -> Vec<&str> {
    svg.split("<text")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find(">\n")? + 2;
            let end = rest.find("\n</text>")?;
            rest.get(start..end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(g: u32, a: u32, r: u32, grey: u32) -> LightCounts {
        LightCounts {
            green: g,
            amber: a,
            red: r,
            grey,
            not_applicable: 0,
        }
    }

    /// The `font-size`s written in one SVG of `svg`, the one of class `class`.
    fn font_sizes(svg: &str, class: &str) -> Vec<f64> {
        let start = svg
            .find(&format!("class=\"{class}\""))
            .expect("the size is drawn");
        let end = svg[start..].find("</svg>").map_or(svg.len(), |e| start + e);
        svg[start..end]
            .split("font-size=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect()
    }

    /// The drawing's text, scaled to the narrowest box that shows it, is still legible.
    #[test]
    fn every_size_keeps_its_text_legible_in_the_narrowest_box_that_shows_it() {
        for size in Size::ALL {
            let (width, _) = size.dims();
            let smallest = size.text() * f64::from(size.shown_from()) / f64::from(width);
            assert!(smallest >= 12.5, "{size:?}: {smallest:.1} px");
        }
        // The sizes take over from each other in order: each box width has one size.
        let from: Vec<u32> = Size::ALL.map(Size::shown_from).to_vec();
        assert!(from.windows(2).all(|w| w[0] < w[1]), "{from:?}");
        // And what is written is that size (plotters' own scaling undone).
        let svg = lines(
            "l",
            "T",
            "D",
            &["K1".into(), "K2".into()],
            &[vec![Some(1.0), Some(2.0)]],
            2.0,
            "%",
            Lang::Sv,
        )
        .unwrap();
        for size in Size::ALL {
            let sizes = font_sizes(&svg, size.class());
            assert!(!sizes.is_empty(), "{size:?} has text");
            for s in sizes {
                assert!((s - size.text()).abs() < 0.01, "{size:?}: {s}");
            }
        }
    }

    #[test]
    fn labels_are_thinned_from_the_last_to_fit() {
        let labels: Vec<String> = (1..=8).map(|q| format!("2026 K{q}")).collect();
        // Room enough: all of them.
        assert_eq!(thinned(&labels, 200.0, 16.0), labels);
        // A 7-character label at 16 px is about 67 px wide; with a gap, two slots of 50 each.
        let half = thinned(&labels, 50.0, 16.0);
        let kept: Vec<&str> = half
            .iter()
            .filter(|l| !l.is_empty())
            .map(String::as_str)
            .collect();
        assert_eq!(kept, ["2026 K2", "2026 K4", "2026 K6", "2026 K8"]);
        assert_eq!(thinned(&[], 10.0, 16.0), Vec::<String>::new());
        assert_eq!(thinned(&labels[..1], 1.0, 16.0), labels[..1].to_vec());
    }

    #[test]
    fn stacked_bars_for_empty_one_and_many_points() {
        assert_eq!(stacked_lights("c", "T", "D", &[], &[], Lang::Sv), None);
        let one = stacked_lights(
            "c",
            "Enheter",
            "Andel <gröna> & \"gula\"",
            &["2026 K3".into()],
            &[counts(3, 1, 1, 0)],
            Lang::Sv,
        )
        .unwrap();
        assert_eq!(one.matches("<svg").count(), 3, "three sizes");
        assert_eq!(one.matches("role=\"img\"").count(), 3);
        for size in Size::ALL {
            let id = format!("c-{}", size.suffix());
            assert!(one.contains(&format!(
                "class=\"{}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"",
                size.class()
            )));
            assert!(one.contains(&format!("<title id=\"{id}-t\">Enheter</title>")));
        }
        assert!(
            one.contains("Andel &lt;gröna&gt; &amp; &quot;gula&quot;"),
            "description escaped"
        );
        assert!(!one.contains("<gröna>"));
        assert!(
            one.contains("● 3") && one.contains("■ 1"),
            "segments are labelled"
        );
        let labels: Vec<String> = (1..=8).map(|q| format!("K{q}")).collect();
        let many: Vec<LightCounts> = (0..8).map(|i| counts(10 + i, 5, 3, 1)).collect();
        let full = stacked_lights("c", "T", "D", &labels, &many, Lang::En).unwrap();
        assert!(full.contains("K1") && full.contains("K8"));
    }

    /// Where a bar is too narrow for "● 17", the count alone; a sliver gets no text at all.
    #[test]
    fn bar_labels_only_where_they_fit() {
        let labels: Vec<String> = (1..=6).map(|q| format!("2026 K{q}")).collect();
        let many: Vec<LightCounts> = (0..6).map(|_| counts(17, 60, 1, 0)).collect();
        let svg = stacked_lights("c", "T", "D", &labels, &many, Lang::Sv).unwrap();
        let narrow_end = svg.find("</svg>").unwrap();
        let (narrow, rest) = svg.split_at(narrow_end);
        let (narrow, rest) = (drawn_texts(narrow), drawn_texts(rest));
        assert!(narrow.contains(&"17"), "the count alone: {narrow:?}");
        assert!(
            !narrow.contains(&"● 17"),
            "the symbol does not fit a narrow bar"
        );
        assert!(
            rest.contains(&"● 17"),
            "it does in the wider sizes: {rest:?}"
        );
        // The red sliver of 1 in 78 is not labelled in any size.
        let all = drawn_texts(&svg);
        assert!(!all.contains(&"■ 1") && !all.contains(&"1"), "{all:?}");
    }

    #[test]
    fn the_grid_is_sparse_and_light() {
        let svg = lines(
            "l",
            "T",
            "D",
            &(1..=8).map(|q| format!("K{q}")).collect::<Vec<_>>(),
            &[(0..8).map(|i| Some(f64::from(i) * 10.0)).collect()],
            70.0,
            "%",
            Lang::Sv,
        )
        .unwrap();
        let wide_start = svg.find("class=\"chart-wide\"").unwrap();
        let wide = &svg[wide_start..];
        let grid = wide.matches(&format!("stroke=\"{}\"", hex(GRID))).count();
        // Horizontal lines only, at the y labels: at most six, no vertical mesh.
        assert!((3..=6).contains(&grid), "{grid} grid lines");
    }

    #[test]
    fn lines_for_empty_one_and_many_points() {
        assert_eq!(lines("l", "T", "D", &[], &[], 100.0, "%", Lang::Sv), None);
        let nothing = vec![vec![None]];
        assert_eq!(
            lines(
                "l",
                "T",
                "D",
                &["K1".into()],
                &nothing,
                100.0,
                "%",
                Lang::Sv
            ),
            None
        );
        let one = vec![vec![Some(50.0)]];
        let svg = lines("l", "T", "D", &["K1".into()], &one, 100.0, "%", Lang::Sv).unwrap();
        assert_eq!(svg.matches("<circle").count(), 3, "one marker in each size");
        let many = vec![
            vec![Some(10.0), None, Some(80.0), Some(70.0)],
            vec![Some(20.0), Some(30.0), Some(40.0), Some(50.0)],
        ];
        let labels: Vec<String> = ["K1", "K2", "K3", "<K4>"].map(String::from).to_vec();
        let svg = lines("l", "T", "D", &labels, &many, 100.0, "%", Lang::Sv).unwrap();
        assert!(
            svg.contains("&lt;K4&gt;") && !svg.contains("<K4>"),
            "labels escaped"
        );
        assert!(drawn_texts(&svg).contains(&"&lt;K4&gt;"));
        // The first series breaks at its gap: one line (K3–K4) per size; the second is whole.
        // Data lines are 3 px wide; the axes are polylines too.
        let data_lines = svg
            .split("<polyline")
            .skip(1)
            .filter(|tag| {
                tag.split('>')
                    .next()
                    .is_some_and(|a| a.contains("stroke-width=\"3\""))
            })
            .count();
        assert_eq!(data_lines, 2 * 3, "{svg}");
        // The second series has square markers: no colour alone.
        assert_eq!(svg.matches("<polygon").count(), 4 * 3);
    }

    #[test]
    fn legends_tell_series_apart_without_colour() {
        let names: Vec<String> = (0..12).map(|i| format!("S{i}")).collect();
        let legend = line_legend(&names);
        assert_eq!(legend.len(), 12);
        assert_eq!(legend[3].label, "S3");
        let styles: Vec<SeriesStyle> = (0..12).map(series_style).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert!(
                    (a.marker, a.dashed) != (b.marker, b.dashed),
                    "two series differ by more than colour"
                );
            }
        }
        assert!(legend[7].swatch.contains("stroke-dasharray"));
        assert!(!legend[1].swatch.contains("stroke-dasharray"));
        assert!(
            legend
                .iter()
                .all(|e| e.swatch.contains("aria-hidden=\"true\""))
        );
        let lights = lights_legend(Lang::En);
        let labels: Vec<&str> = lights.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels.len(), 4);
        assert!(
            labels[0].starts_with("● ") && labels[3].starts_with("○ "),
            "{labels:?}"
        );
    }
}
