#!/bin/sh
# Re-makes the fonts the default theme draws social cards with
# (themes/default/fonts/). Needs python3 with fontTools
# (`pip install fonttools`) and Debian's fonts-dejavu-core and
# fonts-noto-cjk. The subsets keep what a guide's titles use, so that
# the binary (which embeds the default theme) stays small:
#   - DejaVu Sans and DejaVu Sans Bold: Latin, Greek, Cyrillic, Arabic
#     (with its presentation forms) and general punctuation, every
#     OpenType feature kept (Arabic shaping needs init/medi/fina/rlig);
#   - Noto Sans CJK SC Bold: the 6,763 hanzi of GB2312 plus CJK and
#     full-width punctuation, kana and ASCII.
# Run from the repository root: sh tools/card-fonts.sh
set -eu
out=themes/default/fonts
dejavu=/usr/share/fonts/truetype/dejavu
cjk=/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
latin_arabic="U+0020-024F,U+0300-036F,U+0370-03FF,U+0400-04FF,U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+25CC,U+FFFD"
for face in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "$dejavu/$face.ttf" --unicodes="$latin_arabic" \
    --layout-features='*' --no-hinting --desubroutinize \
    --name-IDs='*' --output-file="$out/$face.ttf"
done
# GB2312's hanzi: every double-byte code from row 16 (0xB0) to 87 (0xF7).
python3 - > /tmp/gb2312.txt <<'PY'
chars = set()
for hi in range(0xB0, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
print("".join(sorted(chars)))
PY
pyftsubset "$cjk" --font-number=2 --text-file=/tmp/gb2312.txt \
  --unicodes="U+0020-007E,U+00A0-00FF,U+2000-206F,U+3000-303F,U+3040-30FF,U+FF00-FFEF,U+FFFD" \
  --no-hinting --output-file="$out/NotoSansCJKsc-Bold.otf"
ls -l "$out"
