use image::{DynamicImage, Rgb, RgbImage};
fn main() {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let mut seed: u32 = 12345;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    // A photograph-like 3000x2000 JPEG: smooth gradients plus grain.
    let photo = RgbImage::from_fn(3000, 2000, |x, y| {
        let (fx, fy) = (x as f32 / 300.0, y as f32 / 200.0);
        let n = (rnd() % 24) as f32;
        let r = 120.0 + 80.0 * (fx.sin() * fy.cos()) + n;
        let g = 110.0 + 70.0 * ((fx * 0.7 + fy).cos()) + n;
        let b = 100.0 + 60.0 * ((fx * 1.3).sin()) + n;
        Rgb([r as u8, g as u8, b as u8])
    });
    DynamicImage::ImageRgb8(photo)
        .save(out.join("photo.jpg"))
        .unwrap();
    // A screenshot-like 2400x1350 PNG: flat panels, lines of "text".
    let shot = RgbImage::from_fn(2400, 1350, |x, y| {
        let panel = if x < 400 {
            [240, 242, 245]
        } else if y < 80 {
            [30, 60, 120]
        } else {
            [255, 255, 255]
        };
        let text =
            x > 460 && (y % 40) < 14 && (y % 40) > 2 && ((x / 9) * 7 + y / 40) % 11 > 2 && y > 120;
        if text {
            Rgb([40, 40, 48])
        } else {
            Rgb(panel)
        }
    });
    DynamicImage::ImageRgb8(shot)
        .save(out.join("screenshot.png"))
        .unwrap();
}
