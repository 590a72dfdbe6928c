//! Uploaded images and the resized copies readers are served.

use serde::Serialize;

use crate::MediaId;

/// A resized copy of an uploaded image, served as WebP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variant {
    /// For lists: Terkini, section pages, search results.
    Thumb,
    /// For the article page.
    Large,
}

impl Variant {
    /// Every variant.
    pub const ALL: [Variant; 2] = [Variant::Thumb, Variant::Large];

    /// Its name in URLs and file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Thumb => "thumb",
            Variant::Large => "large",
        }
    }

    /// The variant named `name`.
    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// Widest it gets, in pixels; narrower originals are never enlarged.
    pub fn max_width(self) -> u32 {
        match self {
            Variant::Thumb => 400,
            Variant::Large => 1200,
        }
    }

    /// Its size for an original of `width` x `height`, keeping the aspect.
    pub fn size_for(self, width: u32, height: u32) -> (u32, u32) {
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
    fn paths_name_the_variant() {
        assert_eq!(
            media_path(MediaId(7), Variant::Thumb),
            "/media/7/thumb.webp"
        );
        assert_eq!(Variant::parse("large"), Some(Variant::Large));
        assert_eq!(Variant::parse("huge"), None);
    }
}
