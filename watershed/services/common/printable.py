"""A printable page (the red/black board, the weekly report): one complete HTML document, opened
in a browser and printed on A4, that fetches and runs nothing."""

from html import escape

from watershed.catalogue import text

FONTS = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
         '"Source Han Sans SC", "WenQuanYi Micro Hei", "SimSun", sans-serif')
# Nothing the page could fetch or run, even if some text slipped through unescaped.
POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def page(title: str, style: str, body: str, lang: str | None = None) -> str:
    """The document around `body` (HTML whose data is escaped already); `title` is plain text."""
    return f"""<!DOCTYPE html>
<html lang="{escape(text("ui.board.html_lang", lang))}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<title>{escape(title)}</title>
<style>{style}</style>
</head>
<body>
{body}
</body>
</html>
"""
