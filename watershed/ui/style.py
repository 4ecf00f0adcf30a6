"""The few styles Streamlit has no option for, added once per page run.

- Touch targets: Streamlit draws choice chips 32 px, buttons 40 px, fields 38 px, number steppers
  32 px, tabs 40 px, rating stars 24 px and the sidebar's button 28 px; an elderly custodian's
  finger wants at least 44 px (WCAG 2.5.5, Apple's Human Interface Guidelines). Every one of them
  is grown here (tests/test_tap_targets_browser.py measures each on a 375 px phone). A chosen star
  keeps the size of the others and turns gold.
- Streamlit's own "Page not found" notice is put in the interface's language.
- The file uploader's own button and size line are English only and cannot be set; the button is
  relabelled from the catalogue and the size line hidden (each uploader's label states its limit).
  The camera's button (Take Photo, then Clear photo) and its request for the camera ("This app
  would like to use your camera") likewise. Their English stays in the page, unseen (font-size 0).
"""

import json

import streamlit as st

from watershed.ui.text import t

PHONE_MENU = "phone_menu"  # the key of the menu button shown only on a phone (ui/main.py)

_CSS = """
[data-testid="stButtonGroup"] button,
button[data-testid^="stBaseButton-primary"],
button[data-testid^="stBaseButton-secondary"],
[data-testid="stMain"] input:not([type=checkbox]):not([type=radio]),
[data-testid="stMain"] textarea, [data-baseweb="select"] > div,
[data-testid="stMain"] [role="tab"] {{ min-height: 44px; min-width: 44px; justify-content: center; }}
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button,
[data-testid="stNumberInputStepUp"], [data-testid="stNumberInputStepDown"],
[data-testid="stElementToolbarButton"] button, button[aria-haspopup="listbox"],
[data-testid="stPageLink"] a {{ min-width: 44px; min-height: 44px; }}
[data-testid="stMain"] label:has(input[type=checkbox]),
[data-testid="stMain"] label:has(input[type=radio]) {{ min-height: 44px; align-items: center; }}
[data-testid="stTooltipHoverTarget"] button {{ min-width: 44px; min-height: 44px; }}
[data-testid^="stFeedbackButton"] {{ min-width: 48px; min-height: 48px; }}
[data-testid^="stFeedbackButton"] [data-testid="stIconMaterial"] {{ font-size: 2.25rem; }}
[data-testid="stFeedbackButtonActive"] {{ color: #b8860b; }}
[data-testid="stButtonGroup"] button p {{ font-size: 1.05rem; }}
.st-key-{menu} button {{ min-height: 48px; }}
@media (min-width: 640px) {{ .st-key-{menu} {{ display: none; }} }}
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: {upload}; font-size: 1rem;
}}
[data-testid="stCameraInputButton"] {{ font-size: 0; }}
[data-testid="stCameraInputButton"]::after {{ content: {clear}; font-size: 1rem; }}
[data-testid="stCameraInputWebcamComponent"] [data-testid="stCameraInputButton"]::after {{
  content: {take};
}}
[data-testid="stCameraInputWebcamComponent"] > div:first-child:not([data-testid]) > p {{
  font-size: 0;
}}
[data-testid="stCameraInputWebcamComponent"] > div:first-child:not([data-testid]) > p::after {{
  content: {allow}; font-size: 0.875rem;
}}
"""


# Streamlit says "Page not found … Running the app's main page" in English, with no option, for
# an address no page has (every address of every role has one: watershed.ui.main); the notice is
# put in the interface's words as it appears.
_NOT_FOUND = """([title, body]) => {
  window.__watershedNotFound = [title, body];
  if (window.__watershedNotFoundWatch) return;
  window.__watershedNotFoundWatch = true;
  const mend = () => {
    const [title, body] = window.__watershedNotFound;
    for (const node of document.querySelectorAll('[role="dialog"] *')) {
      if (node.childElementCount) continue;
      const words = node.textContent.trim();
      if (words === 'Page not found') node.textContent = title;
      else if (words.startsWith('The page that you have requested')) node.textContent = body;
    }
  };
  new MutationObserver(mend).observe(document.body, {childList: true, subtree: true});
  mend();
}"""


def apply_style() -> None:
    # json.dumps gives a quoted CSS string (keeping 选择文件 as characters: CSS does not read
    # \uXXXX escapes); the text is the catalogue's, never a user's.
    quoted = {name: json.dumps(t(key), ensure_ascii=False) for name, key in (
        ("upload", "ui.upload_button"), ("take", "ui.camera.take"), ("clear", "ui.camera.clear"),
        ("allow", "ui.camera.allow"))}
    st.html(f"<style>{_CSS.format(menu=PHONE_MENU, **quoted)}</style>")
    # Typed as a literal: the catalogue's text, JSON-quoted, never a user's.
    words = json.dumps([t("ui.not_found.title"), t("ui.not_found.body")], ensure_ascii=False)
    words = words.replace("<", "\\u003c")  # nothing in it can close the script
    with st.sidebar:  # the page's own area holds no script of ours (tests look for others')
        st.html(f"<script>({_NOT_FOUND})({words});</script>", unsafe_allow_javascript=True)
