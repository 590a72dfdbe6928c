//! Uploaded images and the resized copies readers are served.

use serde::Serialize;

use crate::MediaId;

/// A resized copy of an uploaded image, served as WebP. Thumb and Large
/// keep the whole picture; Card, Square and Social are crops of a fixed
/// shape, cut around the image's focal point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variant {
    /// A small copy of the whole picture: the newsroom, `srcset`.
    Thumb,
    /// For the article page.
    Large,
    /// 16:9, for lists: Terkini, section pages, search results, the lead.
    Card,
    /// 1:1, for square tiles (the media library).
    Square,
    /// 1200x630, what OpenGraph and social cards show.
    Social,
}

impl Variant {
    /// Every variant.
    pub const ALL: [Variant; 5] = [
        Variant::Thumb,
        Variant::Large,
        Variant::Card,
        Variant::Square,
        Variant::Social,
    ];

    /// Its name in URLs and file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Thumb => "thumb",
            Variant::Large => "large",
            Variant::Card => "card",
            Variant::Square => "square",
            Variant::Social => "social",
        }
    }

    /// The variant named `name`.
    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// Widest it gets, in pixels; narrower originals are never enlarged.
    pub fn max_width(self) -> u32 {
        match self {
            Variant::Thumb | Variant::Square => 400,
            Variant::Card => 640,
            Variant::Large | Variant::Social => 1200,
        }
    }

    /// The shape a crop has (width to height), `None` for a variant that
    /// keeps the whole picture.
    pub fn aspect(self) -> Option<(u32, u32)> {
        match self {
            Variant::Thumb | Variant::Large => None,
            Variant::Card => Some((16, 9)),
            Variant::Square => Some((1, 1)),
            Variant::Social => Some((40, 21)),
        }
    }

    /// The part of a `width` x `height` original this variant shows:
    /// the whole, or the largest rectangle of its shape, placed so that
    /// `focal` (0 to 1 across and down) is as near its centre as the
    /// edges allow. `(left, top, width, height)`.
    pub fn crop_of(self, width: u32, height: u32, focal: (f32, f32)) -> (u32, u32, u32, u32) {
        let Some((a, b)) = self.aspect() else {
            return (0, 0, width, height);
        };
        let (w, h) = (u64::from(width), u64::from(height));
        let (cw, ch) = if w * u64::from(b) > h * u64::from(a) {
            ((h * u64::from(a) / u64::from(b)).max(1), h)
        } else {
            (w, (w * u64::from(b) / u64::from(a)).max(1))
        };
        let place = |whole: u64, part: u64, at: f32| -> u64 {
            let centre = (f64::from(at.clamp(0.0, 1.0)) * whole as f64).round() as u64;
            centre.saturating_sub(part / 2).min(whole - part)
        };
        (
            place(w, cw, focal.0) as u32,
            place(h, ch, focal.1) as u32,
            cw as u32,
            ch as u32,
        )
    }

    /// Its size for an original of `width` x `height`: the crop, scaled
    /// down to the variant's width.
    pub fn size_for(self, width: u32, height: u32) -> (u32, u32) {
        let (_, _, width, height) = self.crop_of(width, height, (0.5, 0.5));
        if width <= self.max_width() || width == 0 {
            return (width, height);
        }
        let scaled = (u64::from(height) * u64::from(self.max_width()) / u64::from(width)).max(1);
        (self.max_width(), scaled as u32)
    }
}

/// An image as a page shows it: where it is, and its size when known, so
/// the browser reserves its space before it arrives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Picture {
    /// URL path or absolute URL.
    pub url: String,
    /// Width in pixels, when known.
    pub width: Option<u32>,
    /// Height in pixels, when known.
    pub height: Option<u32>,
}

impl Picture {
    /// The `variant` of uploaded image `id` whose original is
    /// `width` x `height`.
    pub fn of_media(id: MediaId, variant: Variant, width: u32, height: u32) -> Picture {
        let (w, h) = variant.size_for(width, height);
        Picture {
            url: media_path(id, variant),
            width: Some(w),
            height: Some(h),
        }
    }
}

/// Where a variant of an uploaded image is served.
pub fn media_path(id: MediaId, variant: Variant) -> String {
    format!("/media/{id}/{}.webp", variant.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_shrink_but_never_enlarge() {
        assert_eq!(Variant::Thumb.size_for(1600, 900), (400, 225));
        assert_eq!(Variant::Large.size_for(1600, 900), (1200, 675));
        assert_eq!(Variant::Large.size_for(800, 600), (800, 600));
        assert_eq!(Variant::Thumb.size_for(4000, 1), (400, 1));
    }

    #[test]
    fn crops_keep_the_focal_point_in_view() {
        // A wide picture cut square: the focal point on the right keeps
        // the right part, in the middle the middle, past the edge the edge.
        assert_eq!(
            Variant::Square.crop_of(1600, 900, (0.9, 0.5)),
            (700, 0, 900, 900)
        );
        assert_eq!(
            Variant::Square.crop_of(1600, 900, (0.5, 0.5)),
            (350, 0, 900, 900)
        );
        assert_eq!(
            Variant::Square.crop_of(1600, 900, (0.0, 0.5)),
            (0, 0, 900, 900)
        );
        // A tall picture cut 16:9: the focal point near the top.
        assert_eq!(
            Variant::Card.crop_of(900, 1600, (0.5, 0.1)),
            (0, 0, 900, 506)
        );
        assert_eq!(
            Variant::Card.crop_of(900, 1600, (0.5, 0.6)),
            (0, 707, 900, 506)
        );
        // The focal point is inside every crop that can hold it.
        for (w, h) in [(1600, 900), (900, 1600), (1000, 1000), (3, 2000)] {
            for focal in [(0.1, 0.2), (0.5, 0.5), (0.97, 0.8)] {
                for v in Variant::ALL {
                    let (left, top, cw, ch) = v.crop_of(w, h, focal);
                    assert!(left + cw <= w && top + ch <= h, "{v:?} {w}x{h}");
                    let (fx, fy) = ((focal.0 * w as f32) as u32, (focal.1 * h as f32) as u32);
                    assert!(fx >= left && fx <= left + cw && fy >= top && fy <= top + ch);
                }
            }
        }
        assert_eq!(Variant::Social.size_for(4000, 3000), (1200, 630));
        assert_eq!(Variant::Card.size_for(1600, 900), (640, 360));
        assert_eq!(
            Variant::Large.crop_of(800, 600, (0.1, 0.1)),
            (0, 0, 800, 600)
        );
    }

    #[test]
    fn paths_name_the_variant() {
        assert_eq!(
            media_path(MediaId(7), Variant::Thumb),
            "/media/7/thumb.webp"
        );
        assert_eq!(Variant::parse("large"), Some(Variant::Large));
        assert_eq!(Variant::parse("huge"), None);
    }
}
