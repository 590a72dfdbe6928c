//! The pictures a site shows crawlers and chat apps before it has its own:
//! a square logo (what Google asks of a publisher: raster, at least 112 px)
//! and a 1200x630 card for link previews of pages without a picture
//! (Discover shows large cards only from pictures 1,200 px wide). Drawn
//! here, in the brand's red with a white "W", once, on first request; a
//! theme's `static/logo.png` or `static/kartu.png` replaces them, and
//! `[site] image` names any other.

use std::sync::OnceLock;

/// The brand's red (the theme's `--brand`).
const RED: [u8; 3] = [0xc8, 0x10, 0x2e];
/// A darker red for the card's lower band.
const DARK_RED: [u8; 3] = [0x9b, 0x0c, 0x23];

/// The square logo, 512x512 PNG.
pub fn logo_png() -> &'static [u8] {
    static LOGO: OnceLock<Vec<u8>> = OnceLock::new();
    LOGO.get_or_init(|| draw(512, 512, 0.0))
}

/// The link preview card, 1200x630 PNG.
pub fn card_png() -> &'static [u8] {
    static CARD: OnceLock<Vec<u8>> = OnceLock::new();
    CARD.get_or_init(|| draw(1200, 630, 0.16))
}

/// A `width` x `height` PNG: red, with a band of `band` of the height in
/// the darker red at the bottom, and a white "W" in the middle.
fn draw(width: u32, height: u32, band: f32) -> Vec<u8> {
    let size = (width.min(height) as f32) * 0.62;
    let (left, top) = (
        (width as f32 - size) / 2.0,
        (height as f32 * (1.0 - band) - size) / 2.0,
    );
    // The W's strokes, in the unit square.
    let points = [
        (0.08, 0.18),
        (0.3, 0.84),
        (0.5, 0.36),
        (0.7, 0.84),
        (0.92, 0.18),
    ];
    let stroke = 0.075 * size;
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let base = if (y as f32) >= height as f32 * (1.0 - band) {
            DARK_RED
        } else {
            RED
        };
        let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
        let distance = points
            .windows(2)
            .map(|pair| {
                let a = (left + pair[0].0 * size, top + pair[0].1 * size);
                let b = (left + pair[1].0 * size, top + pair[1].1 * size);
                segment_distance((px, py), a, b)
            })
            .fold(f32::MAX, f32::min);
        // One pixel of soft edge.
        let white = (stroke - distance + 0.5).clamp(0.0, 1.0);
        let mix = |c: u8| (c as f32 + (255.0 - c as f32) * white).round() as u8;
        image::Rgb([mix(base[0]), mix(base[1]), mix(base[2])])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("a PNG is written to memory");
    png
}

/// The distance from `p` to the segment from `a` to `b`.
fn segment_distance(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pictures_are_pngs_of_the_sizes_previews_ask_for() {
        for (png, size) in [(logo_png(), (512, 512)), (card_png(), (1200, 630))] {
            let image = image::load_from_memory_with_format(png, image::ImageFormat::Png).unwrap();
            assert_eq!((image.width(), image.height()), size);
            let rgb = image.to_rgb8();
            // Red at the corner, white in the W's middle stroke.
            assert_eq!(rgb.get_pixel(2, 2).0, RED);
            let white = rgb.pixels().filter(|p| p.0 == [255, 255, 255]).count();
            assert!(white > (size.0 * size.1 / 50) as usize, "{white}");
        }
    }
}
