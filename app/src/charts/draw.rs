use plotters::prelude::*;
use readiness_rules::{Lang, Light, LightCounts};

const WIDTH: u32 = 760;
const HEIGHT: u32 = 320;

/// Fills chosen so that the lights differ in lightness too (they survive greyscale and
/// colour-blindness); every segment also carries its symbol and count.
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

/// Lines told apart by dash pattern and marker as well as colour.
const LINE_COLOURS: [RGBColor; 6] = [
    RGBColor(0x0b, 0x5c, 0xad),
    RGBColor(0xb3, 0x26, 0x1e),
    RGBColor(0x1a, 0x7f, 0x37),
    RGBColor(0x7d, 0x4e, 0x00),
    RGBColor(0x6f, 0x42, 0xc1),
    RGBColor(0x3a, 0x3a, 0x3a),
];

/// Adds role, title and description to the SVG root for screen readers.
fn accessible(svg: String, id: &str, title: &str, description: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let Some(end) = svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|e| start + e))
    else {
        return svg;
    };
    format!(
        "{} role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        &svg[..end],
        escape(title),
        escape(description),
        &svg[end + 1..]
    )
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
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let n = labels.len();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(44)
            .build_cartesian_2d(0f64..n as f64, 0f64..f64::from(max) * 1.05)
            .ok()?;
        let label_of = |x: &f64| {
            let i = x.floor() as usize;
            if (x - x.floor() - 0.5).abs() < 1e-9 {
                labels.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n * 2 + 1)
            .x_label_formatter(&label_of)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .y_desc(if lang == Lang::Sv { "enheter" } else { "units" })
            .label_style(("sans-serif", 13))
            .draw()
            .ok()?;
        let order = [Light::Green, Light::Amber, Light::Red, Light::Grey];
        for (i, c) in counts.iter().enumerate() {
            let mut bottom = 0f64;
            for light in order {
                let value = f64::from(c.get(light));
                if value == 0.0 {
                    continue;
                }
                let (x0, x1) = (i as f64 + 0.15, i as f64 + 0.85);
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, bottom), (x1, bottom + value)],
                        fill(light).filled(),
                    )))
                    .ok()?;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, bottom), (x1, bottom + value)],
                        BLACK.stroke_width(1),
                    )))
                    .ok()?;
                // Label the segment when there is room for a line of text.
                if value / f64::from(max) > 0.06 {
                    chart
                        .draw_series(std::iter::once(Text::new(
                            format!("{} {}", light.symbol(), c.get(light)),
                            (i as f64 + 0.5, bottom + value / 2.0),
                            ("sans-serif", 12).into_font().color(&ink_on(light)).pos(
                                plotters::style::text_anchor::Pos::new(
                                    plotters::style::text_anchor::HPos::Center,
                                    plotters::style::text_anchor::VPos::Center,
                                ),
                            ),
                        )))
                        .ok()?;
                }
                bottom += value;
            }
        }
        root.present().ok()?;
    }
    Some(accessible(svg, id, title, description))
}

/// One line per series (values may be missing), y from 0 to `y_max`.
pub fn lines(
    id: &str,
    title: &str,
    description: &str,
    labels: &[String],
    series: &[(String, Vec<Option<f64>>)],
    y_max: f64,
    y_desc: &str,
) -> Option<String> {
    if labels.is_empty() || series.iter().all(|(_, v)| v.iter().all(Option::is_none)) {
        return None;
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let n = labels.len();
        // One point: give it room on both sides.
        let (x_min, x_max) = (-0.5, (n as f64 - 0.5).max(0.5));
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(x_min..x_max, 0f64..y_max.max(1.0) * 1.05)
            .ok()?;
        let label_of = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-9 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_labels(n.max(2))
            .x_label_formatter(&label_of)
            .y_label_formatter(&|y| readiness_rules::format_number(*y, Lang::Sv))
            .y_desc(y_desc)
            .label_style(("sans-serif", 13))
            .draw()
            .ok()?;
        for (s, (name, values)) in series.iter().enumerate() {
            let colour = LINE_COLOURS[s % LINE_COLOURS.len()];
            let points: Vec<(f64, f64)> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
                .collect();
            // Solid for the first palette round, then thicker: still apart without colour.
            let width = 2 + (s / LINE_COLOURS.len()) as u32;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    points.clone(),
                    colour.stroke_width(width),
                )))
                .ok()?
                .label(name.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(width))
                });
            // Markers differ by series: circle, square, triangle.
            for &(x, y) in &points {
                let marker: DynElement<SVGBackend, (f64, f64)> = match s % 3 {
                    0 => Circle::new((x, y), 4, colour.filled()).into_dyn(),
                    1 => Rectangle::new(
                        [
                            (x - 0.04 * n as f64 / 4.0, y),
                            (x + 0.04 * n as f64 / 4.0, y),
                        ],
                        colour.stroke_width(8),
                    )
                    .into_dyn(),
                    _ => TriangleMarker::new((x, y), 5, colour.filled()).into_dyn(),
                };
                chart.draw_series(std::iter::once(marker)).ok()?;
            }
        }
        if series.len() > 1 {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 12))
                .position(SeriesLabelPosition::LowerRight)
                .draw()
                .ok()?;
        }
        root.present().ok()?;
    }
    Some(accessible(svg, id, title, description))
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

    #[test]
    fn stacked_bars_for_empty_one_and_many_points() {
        assert_eq!(stacked_lights("c", "T", "D", &[], &[], Lang::Sv), None);
        let one = stacked_lights(
            "c",
            "Enheter",
            "Andel <gröna>",
            &["2026 K3".into()],
            &[counts(3, 1, 1, 0)],
            Lang::Sv,
        )
        .unwrap();
        assert!(one.contains("role=\"img\""));
        assert!(one.contains("<title id=\"c-t\">Enheter</title>"));
        assert!(one.contains("Andel &lt;gröna&gt;"), "description escaped");
        assert!(
            one.contains("● 3") && one.contains("■ 1"),
            "segments are labelled"
        );
        let labels: Vec<String> = (1..=8).map(|q| format!("K{q}")).collect();
        let many: Vec<LightCounts> = (0..8).map(|i| counts(10 + i, 5, 3, 1)).collect();
        let full = stacked_lights("c", "T", "D", &labels, &many, Lang::En).unwrap();
        assert!(full.contains("K1") && full.contains("K8"));
    }

    #[test]
    fn lines_for_empty_one_and_many_points() {
        assert_eq!(lines("l", "T", "D", &[], &[], 100.0, "%"), None);
        let nothing = vec![("A".to_string(), vec![None])];
        assert_eq!(
            lines("l", "T", "D", &["K1".into()], &nothing, 100.0, "%"),
            None
        );
        let one = vec![("Forskning".to_string(), vec![Some(50.0)])];
        let svg = lines("l", "T", "D", &["K1".into()], &one, 100.0, "%").unwrap();
        assert!(svg.contains("<circle"));
        let many = vec![
            ("Forskning".to_string(), vec![Some(10.0), None, Some(80.0)]),
            (
                "Utbildning".to_string(),
                vec![Some(20.0), Some(30.0), Some(40.0)],
            ),
        ];
        let svg = lines(
            "l",
            "T",
            "D",
            &["K1".into(), "K2".into(), "K3".into()],
            &many,
            100.0,
            "%",
        )
        .unwrap();
        assert!(svg.contains("Utbildning"), "legend names the series");
    }
}
