"""The language of what helpers prints and draws: English (the default) or Japanese.

    import helpers
    helpers.set_language("ja")   # the first code cell of every notebooks/ja/ notebook

Messages are looked up with the standard library's :mod:`gettext` in the catalogue
``helpers/locale/ja/LC_MESSAGES/helpers.mo`` (compiled from ``helpers.po`` by
``tools/i18n.py compile``; both ship inside the wheel). A message marked with :func:`_`
is printed in the chosen language; a message without a translation prints in English.

For Japanese, figures switch to IPAexGothic, the font the ``matplotlib-fontja`` package
bundles, with DejaVu Sans (matplotlib's default) as the fallback for any glyph IPAexGothic lacks.
``set_language("en")`` puts matplotlib's font back, so the English edition's figures look as before.
"""

from __future__ import annotations

import gettext
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "set_language",
    "get_language",
    "_",
    "tr",
    "N_",
    "translated",
    "ngettext",
    "message_in",
    "WIDGET_PLACEHOLDER",
    "LOCALE_DIR",
    "JAPANESE_FONT",
    "monospace_family",
    "display_width",
    "pad",
]

LANGUAGES = ("en", "ja")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "helpers"
JAPANESE_FONT = "IPAexGothic"

_state: dict = {"language": "en", "translations": gettext.NullTranslations(), "saved_font": None}


def get_language() -> str:
    """The language set by :func:`set_language`: ``"en"`` or ``"ja"``."""
    return _state["language"]


def _(message: str) -> str:
    """``message`` in the current language (``message`` itself when it has no translation)."""
    return _state["translations"].gettext(message)


def tr(message: str) -> str:
    """:func:`_` for the notebooks' code cells (``from helpers.i18n import tr``): what a cell prints or writes in a
    figure, in the current language. ``tools/i18n.py extract`` collects every ``tr("...")`` of the English notebooks'
    code cells into helpers.po, so the Japanese twin (the same code cell) prints the translation. (Not ``_``: a code
    cell's ``for _ in ...`` or ``a, _ = ...`` would overwrite it.)"""
    return _state["translations"].gettext(message)


# English text made by N_(template, **values) -> (template, values), so translated() can redo it in another language.
_FORMATTED: dict[str, tuple[str, dict]] = {}


def N_(message: str, **values) -> str:
    """Mark ``message`` for the catalogue without translating it now (data defined at import time,
    e.g. an exercise's hints); returns the English text, ``message.format(**values)`` when values are given.
    :func:`translated` turns that English text into the current language when it is shown."""
    text = message.format(**values) if values else message
    if values:
        _FORMATTED[text] = (message, values)
    return text


def translated(text) -> str:
    """``text`` (English, possibly made by :func:`N_` with values) in the current language."""
    text = str(text)
    if _state["language"] == "en":
        return text
    if text in _FORMATTED:
        template, values = _FORMATTED[text]
        return _(template).format(**values)
    return _(text)


def message_in(language: str, message: str) -> str:
    """``message`` in ``language`` without switching the current language (tools that write both editions)."""
    if language not in LANGUAGES:
        raise ValueError(f"message_in(language={language!r}): the language must be one of {LANGUAGES}")
    if language == "en":
        return message
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[language]).gettext(message)


# What tools/run_notebooks.py stores in place of a widget (a saved notebook cannot show one), per edition.
WIDGET_PLACEHOLDER = N_(
    "[interactive widget: run this cell in JupyterLab to use it (widgets do not render in a saved notebook)]"
)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language (Japanese has one form)."""
    return _state["translations"].ngettext(singular, plural, n)


def _use_japanese_font(on: bool) -> None:
    try:
        import matplotlib
    except ImportError:  # helpers' numerical core works without matplotlib: no figures, no font
        return
    rc = matplotlib.rcParams
    if on:
        if _state["saved_font"] is None:  # before the import: matplotlib_fontja sets font.family when imported
            _state["saved_font"] = list(rc["font.family"])
        try:
            import matplotlib_fontja  # noqa: F401  (registers IPAexGothic with matplotlib's font manager)
        except ImportError as err:
            raise ImportError(
                "set_language('ja') draws figure text in IPAexGothic from the matplotlib-fontja package, "
                "which is not installed: run  pip install matplotlib-fontja==1.1.0  (it is in requirements.txt)"
            ) from err

        rc["font.family"] = [JAPANESE_FONT, "DejaVu Sans"]
    elif _state["saved_font"] is not None:
        rc["font.family"] = _state["saved_font"]
        _state["saved_font"] = None


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: 2 for each wide (CJK) character, 1 for the others
    (tables that line up in both languages: the model summary, the exam's score table)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` columns (:func:`display_width`), after it (``align="<"``) or before
    it (``">"``): ``f"{text:<{width}}"`` for English, and a column that still lines up when a translation has wide
    (CJK) characters."""
    if align not in ("<", ">"):
        raise ValueError(f"pad(align={align!r}): align must be '<' (pad after the text) or '>' (pad before it)")
    spaces = " " * max(0, width - display_width(text))
    return text + spaces if align == "<" else spaces + text


def monospace_family() -> str | list[str]:
    """The font family for monospaced figure text: matplotlib's "monospace", and in Japanese DejaVu Sans Mono
    with IPAexGothic as the fallback for the glyphs it lacks (kana and kanji would otherwise be empty boxes)."""
    if _state["language"] == "ja":
        return ["DejaVu Sans Mono", JAPANESE_FONT]
    return "monospace"


def set_language(language: str = "en") -> None:
    """Print helpers' messages, and draw figure text, in ``language`` ("en" or "ja").

    Returns nothing, so the notebook cell that calls it shows no output (get_language() tells the language)."""
    if not isinstance(language, str) or language not in LANGUAGES:
        raise ValueError(
            f"set_language(language={language!r}): the language must be one of {LANGUAGES}; "
            'use helpers.set_language("ja") for Japanese or helpers.set_language("en") for English.'
        )
    if language == "en":
        translations: gettext.NullTranslations = gettext.NullTranslations()
    else:
        translations = gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[language])
    _use_japanese_font(language == "ja")
    _state["translations"] = translations
    _state["language"] = language
