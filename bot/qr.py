"""`python -m bot qr`: a PNG QR code with a deep link and a caption, for flyers and posters."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from bot.handlers.deeplinks import deep_link  # noqa: F401  (the link a QR code carries)

FONT_CANDIDATES = (  # fonts with Arabic-script glyphs, as Debian ships them
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
)


def write_qr_png(url: str, caption: str, path: Path, *, rtl: bool, scale: int = 10) -> None:
    """The QR code for `url` with `caption` underneath, shaped right-to-left when `rtl`."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    font = ImageFont.truetype(font_path(), size=max(18, code.width // 16))
    lines = _wrap(caption, font, code.width - 2 * scale * 4)
    line_height = int(font.size * 1.4)
    image = Image.new(
        "RGB", (code.width, code.height + line_height * len(lines) + scale * 2), "white"
    )
    image.paste(code, (0, 0))
    draw = ImageDraw.Draw(image)
    direction = "rtl" if rtl else "ltr"
    for number, line in enumerate(lines):
        width = draw.textlength(line, font=font, direction=direction)
        position = ((code.width - width) / 2, code.height + number * line_height)
        draw.text(position, line, fill="black", font=font, direction=direction)
    image.save(path, format="PNG")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def font_path() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    raise FileNotFoundError("no font with Arabic letters: install fonts-dejavu-core")
