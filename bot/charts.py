"""Simple bar charts as PNG (Pillow), for figures sent in the chat."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from bot.qr import font_path

WIDTH, ROW, LEFT = 900, 34, 230


def bars(
    title: str, rows: list[tuple[str, int, int]], *, legend: tuple[str, str], rtl: bool
) -> bytes:
    """Horizontal bars: per label a solid value and a lighter second value (e.g. waiting)."""
    font = ImageFont.truetype(font_path(), 18)
    height = 90 + ROW * max(len(rows), 1) + 40
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    direction = "rtl" if rtl else "ltr"
    draw.text((20, 16), title, fill="black", font=font, direction=direction)
    top = max((a + b for _, a, b in rows), default=1) or 1
    scale = (WIDTH - LEFT - 40) / top
    for index, (label, first, second) in enumerate(rows):
        y = 70 + index * ROW
        draw.text((20, y + 4), label[:24], fill="black", font=font)
        draw.rectangle((LEFT, y, LEFT + first * scale, y + ROW - 8), fill="#2b6cb0")
        draw.rectangle(
            (LEFT + first * scale, y, LEFT + (first + second) * scale, y + ROW - 8), fill="#90cdf4"
        )
        draw.text(
            (LEFT + (first + second) * scale + 6, y + 4),
            f"{first}+{second}",
            fill="black",
            font=font,
        )
    y = height - 34
    draw.rectangle((20, y, 36, y + 16), fill="#2b6cb0")
    draw.text((42, y - 2), legend[0], fill="black", font=font, direction=direction)
    draw.rectangle((320, y, 336, y + 16), fill="#90cdf4")
    draw.text((342, y - 2), legend[1], fill="black", font=font, direction=direction)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
