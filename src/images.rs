//! Limits on the images a document may carry (an organisation's logo, an image a layout
//! reads), checked from the file's size and header before anything decodes it. A small file
//! can hold a huge picture: a 10 MB PNG of 60,000 × 60,000 pixels decodes to over 10 GB, and
//! the PDF writer would abort the whole process on it.

/// The most pixels an image may have: 100 megapixels, 10,000 × 10,000, far more than any
/// printed logo or picture needs even on an A1 poster.
pub const MAX_PIXELS: u64 = 100_000_000;

/// The largest image file, in bytes (50 MB).
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Why an image is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    /// The file is larger than [`MAX_BYTES`].
    File {
        /// Its size in bytes.
        bytes: u64,
    },
    /// The picture has more than [`MAX_PIXELS`].
    Pixels {
        /// Its width in pixels.
        width: u64,
        /// Its height in pixels.
        height: u64,
    },
}

impl TooLarge {
    /// What is wrong, lowercase, to follow "the image … is".
    pub fn reason(&self) -> String {
        match self {
            Self::File { bytes } => format!(
                "{} MB, larger than the {} MB an image may be",
                bytes.div_ceil(1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            ),
            Self::Pixels { width, height } => format!(
                "{width} × {height} pixels, more than the {} megapixels an image may have",
                MAX_PIXELS / 1_000_000
            ),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        "scale it down: 2,000 pixels across is plenty for a logo, even on a poster"
    }
}

/// Checks a file's size before it is read.
pub fn check_file_size(bytes: u64) -> Result<(), TooLarge> {
    if bytes > MAX_BYTES {
        return Err(TooLarge::File { bytes });
    }
    Ok(())
}

/// Checks an image from its bytes: the file size, and for raster images (PNG, JPEG, GIF,
/// WebP) the size in pixels that their header gives. Vector images (SVG) have no pixels;
/// data that is no image this module knows passes, and the decoder judges it.
pub fn check(data: &[u8]) -> Result<(), TooLarge> {
    check_file_size(data.len() as u64)?;
    check_pixels(data)
}

/// Checks the size in pixels of a raster image (PNG, JPEG, GIF, WebP) from its header; any
/// other data passes.
pub fn check_pixels(data: &[u8]) -> Result<(), TooLarge> {
    use imagesize::ImageType::{Gif, Jpeg, Png, Webp};
    // Only the formats Typst decodes, told by their signature, so that no other file (a layout,
    // a font) is ever taken for an image.
    if !matches!(imagesize::image_type(data), Ok(Png | Jpeg | Gif | Webp)) {
        return Ok(());
    }
    let Ok(size) = imagesize::blob_size(data) else { return Ok(()) };
    let (width, height) = (size.width as u64, size.height as u64);
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(TooLarge::Pixels { width, height });
    }
    Ok(())
}

/// Whether a file name is one of the raster images a layout or logo may use.
pub fn is_raster(name: &str) -> bool {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(extension.as_deref(), Some("png" | "jpg" | "jpeg" | "gif" | "webp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG's signature and header chunk, claiming `width` × `height` pixels: enough for the
    /// check, which never reads further.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(width.to_be_bytes());
        png.extend(height.to_be_bytes());
        png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        png
    }

    #[test]
    fn huge_pictures_are_refused_from_their_header() {
        assert_eq!(
            check(&png_header(60_000, 60_000)),
            Err(TooLarge::Pixels { width: 60_000, height: 60_000 })
        );
        assert_eq!(check(&png_header(10_000, 10_000)), Ok(()));
        assert_eq!(check(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), Ok(()));
    }

    #[test]
    fn big_files_are_refused() {
        assert_eq!(check_file_size(MAX_BYTES + 1), Err(TooLarge::File { bytes: MAX_BYTES + 1 }));
        assert!(is_raster("logo.PNG") && !is_raster("logo.svg") && !is_raster("png"));
    }
}
