"""The few styles Streamlit has no option for, added once per page run.

- Touch targets: Streamlit draws choice chips 32 px and buttons 40 px tall; an elderly custodian's
  finger wants at least 44 px (WCAG 2.5.5, Apple's Human Interface Guidelines).
- The file uploader's own button and size line are English only and cannot be set; the button is
  relabelled from the catalogue and the size line hidden (each uploader's label states its limit).
"""

import json

import streamlit as st

from watershed.ui.text import t

_CSS = """
[data-testid="stButtonGroup"] button,
button[data-testid^="stBaseButton-primary"],
button[data-testid^="stBaseButton-secondary"] {{ min-height: 44px; }}
[data-testid="stButtonGroup"] button p {{ font-size: 1.05rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: {upload}; font-size: 1rem;
}}
"""


def apply_style() -> None:
    # json.dumps gives a quoted CSS string (keeping 选择文件 as characters: CSS does not read
    # \uXXXX escapes); the text is the catalogue's, never a user's.
    label = json.dumps(t("ui.upload_button"), ensure_ascii=False)
    st.html(f"<style>{_CSS.format(upload=label)}</style>")
