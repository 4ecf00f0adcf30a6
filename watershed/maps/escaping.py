"""One escaping helper for every piece of user text that reaches the map's HTML.

folium does not escape: tooltips and popups land in JavaScript template literals (`...`) and
then in innerHTML, so a name like `<img src=x onerror=alert(1)>`, `${alert(1)}` or
`</script><script>alert(1)</script>` would run. HTML-escaping stops the tags; turning backtick,
dollar and backslash into entities stops the template literal from being closed, interpolated or
broken by an escape sequence. The result reads the same once the browser renders it.
"""

import html

_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def safe_text(value) -> str:
    """`value` as text that is inert in HTML, in HTML attributes and in JS template literals.
    None is the empty string."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_TEMPLATE_LITERAL)
