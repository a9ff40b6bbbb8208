//! QR codes as vector graphics, and reading them back from rendered pages.
//!
//! Codes are drawn as one SVG path (never a bitmap), with error correction level M and the
//! standard quiet zone of four modules, so they stay sharp at any print size and survive a
//! crease or a smudge. A print shop's files draw the same modules ([`dark_runs`]) in black ink
//! (see [`crate::press`]).

use qrcode::{Color, EcLevel, QrCode};

/// Width of the light margin around a code, in modules, as the QR standard requires.
pub const QUIET_ZONE: usize = 4;

/// Draws `payload` as an SVG QR code, one unit per module, quiet zone included.
pub fn svg(payload: &str) -> Result<String, qrcode::types::QrError> {
    let (size, runs) = dark_runs(payload)?;
    let mut path = String::new();
    for (x, y, run) in runs {
        path.push_str(&format!("M{x} {y}h{run}v1h-{run}z"));
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" \
         fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

/// A horizontal run of dark modules: its first column and its row (from the top left, quiet
/// zone included) and its length.
pub type Run = (usize, usize, usize);

/// The code's width in modules (quiet zone included), and its dark modules as horizontal runs
/// `(x, y, length)` from the top left. Each run of dark modules in a row is one rectangle:
/// fewer path segments make smaller PDFs and leave no hairline gaps between modules.
pub fn dark_runs(payload: &str) -> Result<(usize, Vec<Run>), qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)?;
    let width = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Light {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            runs.push((start + QUIET_ZONE, y + QUIET_ZONE, x - start));
        }
    }
    Ok((width + 2 * QUIET_ZONE, runs))
}

/// The number of modules across a code for `payload`, quiet zone included.
pub fn modules(payload: &str) -> Result<usize, qrcode::types::QrError> {
    // The size follows from the version alone: encoding the bits picks it, without the mask
    // search that drawing a whole code takes (4 % of the pocket leaflets' build time).
    let version = qrcode::bits::encode_auto(payload.as_bytes(), EcLevel::M)?.version();
    let width =
        usize::try_from(version.width()).map_err(|_| qrcode::types::QrError::InvalidVersion)?;
    Ok(width + 2 * QUIET_ZONE)
}

/// Renders a laid-out page at `pixel_per_pt` and decodes every QR code on it.
pub fn decode_page(page: &typst_layout::Page, pixel_per_pt: f64) -> Vec<String> {
    rendered(page, pixel_per_pt, decode_rgba)
}

/// Renders `frame` (part of a page, cut out by the caller) on white paper at `pixel_per_pt`
/// and decodes every QR code on it.
pub fn decode_frame(frame: typst::layout::Frame, pixel_per_pt: f64) -> Vec<String> {
    decode_frame_at(frame, pixel_per_pt.to_bits())
}

/// [`decode_frame`], memoized by the frame and the resolution (as the bits of an `f64`): a
/// code's area is drawn the same in every language, and rendering it at print resolution took
/// as long as decoding it.
#[comemo::memoize]
fn decode_frame_at(frame: typst::layout::Frame, pixel_per_pt: u64) -> Vec<String> {
    let pixel_per_pt = f64::from_bits(pixel_per_pt);
    let page = typst_layout::Page {
        frame,
        bleed: typst::layout::Sides::splat(typst::layout::Abs::zero()),
        fill: typst::foundations::Smart::Custom(Some(typst::visualize::Color::WHITE.into())),
        numbering: None,
        supplement: typst::foundations::Content::empty(),
        number: 1,
    };
    decode_page(&page, pixel_per_pt)
}

/// Renders `page` at `pixel_per_pt` and hands its width, height and RGBA pixels to `read`.
fn rendered<T>(
    page: &typst_layout::Page,
    pixel_per_pt: f64,
    read: impl FnOnce(usize, usize, &[u8]) -> T,
) -> T {
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(pixel_per_pt),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    read(pixmap.width() as usize, pixmap.height() as usize, pixmap.data())
}

/// Renders a laid-out page and decodes the QR codes in each cell of a grid laid over it, given
/// as the cell size and the grid's origin in points. rqrr confuses the finder patterns of codes
/// repeated in a grid, as on a card sheet, so each cell is decoded on its own.
pub fn decode_cells(
    page: &typst_layout::Page,
    pixel_per_pt: f64,
    origin: (f64, f64),
    cell: (f64, f64),
) -> Vec<String> {
    rendered(page, pixel_per_pt, |width, height, rgba| {
        let px = |pt: f64| (pt * pixel_per_pt).round() as usize;
        let (cw, ch) = (px(cell.0), px(cell.1));
        let mut found = Vec::new();
        let mut y = px(origin.1);
        while y + ch <= height {
            let mut x = px(origin.0);
            while x + cw <= width {
                let mut tile = Vec::with_capacity(cw * ch * 4);
                for row in y..y + ch {
                    tile.extend_from_slice(
                        &rgba[4 * (row * width + x)..4 * (row * width + x + cw)],
                    );
                }
                found.extend(decode_rgba(cw, ch, &tile));
                x += cw;
            }
            y += ch;
        }
        found
    })
}

/// Finds and decodes every QR code in an RGBA image, in no particular order. Memoized by the
/// pixels: the same code with the same surroundings recurs in every language and every
/// organisation's variant of a layout, and rqrr spends milliseconds fitting each grid.
#[comemo::memoize]
pub fn decode_rgba(width: usize, height: usize, rgba: &[u8]) -> Vec<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let i = 4 * (y * width + x);
        let [r, g, b] = [rgba[i], rgba[i + 1], rgba[i + 2]].map(u32::from);
        ((r * 299 + g * 587 + b * 114) / 1000) as u8
    });
    image
        .detect_grids()
        .iter()
        .filter_map(|grid| grid.decode().ok())
        .map(|(_, text)| text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_quiet_zone_and_no_bitmap() {
        let svg = svg("https://www.1712.be").unwrap();
        let size = modules("https://www.1712.be").unwrap();
        // 19 bytes at level M need version 2: 25 modules across.
        assert_eq!(size, 25 + 2 * QUIET_ZONE);
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        assert!(!svg.contains("<image"));
        // The first dark module is the finder pattern's corner, just inside the quiet zone.
        assert!(svg.contains("d=\"M4 4h7v1h-7z"));
    }

    #[test]
    fn the_module_count_is_the_drawn_codes_width() {
        // Three lengths that need three different versions.
        for payload in ["tel:", "https://example.be/", &"https://example.be/".repeat(12)] {
            let code = QrCode::with_error_correction_level(payload, EcLevel::M).unwrap();
            assert_eq!(modules(payload).unwrap(), code.width() + 2 * QUIET_ZONE, "{payload}");
        }
    }

    #[test]
    fn decodes_its_own_modules() {
        let payload = "https://www.1712.be";
        let code = QrCode::with_error_correction_level(payload, EcLevel::M).unwrap();
        let (w, scale) = (code.width() + 2 * QUIET_ZONE, 4);
        let colors = code.to_colors();
        let px = w * scale;
        let mut rgba = vec![255u8; px * px * 4];
        for y in 0..px {
            for x in 0..px {
                let (mx, my) = ((x / scale) as isize - 4, (y / scale) as isize - 4);
                let inside = (0..code.width() as isize).contains(&mx)
                    && (0..code.width() as isize).contains(&my);
                if inside && colors[my as usize * code.width() + mx as usize] == Color::Dark {
                    rgba[4 * (y * px + x)..4 * (y * px + x) + 3].fill(0);
                }
            }
        }
        assert_eq!(decode_rgba(px, px, &rgba), vec![payload.to_string()]);
    }
}
