"""The question registry of the exam: topics, answer formats, the ``Question`` record, ``GENERATORS``.

Every question type is a generator ``gen(rng) -> dict`` registered with :func:`_generator` under a topic,
the notebook that teaches it and the heading of that notebook's section. The dict holds

* ``text`` and ``solution``: ``{"en": ..., "ja": ...}``, the two languages side by side (the one place
  where a type's wording lives; exam wording in Japanese: 「求めよ」「最も適切なものを選べ」);
* ``answer`` (computed with ``helpers``) and ``expression`` (Python code that computes it again);
* ``answer_format``: a key of :data:`FORMATS`;
* ``mistakes``: ``((mistake name, the answer that mistake gives), ...)``, the names are keys of
  :data:`MISTAKES` (in ``helpers.exam.mistakes``, re-exported here). They give the hints of a wrong answer (only when one mistake explains it, else every
  mistake that does) and the distractors of the multiple-choice format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .mistakes import MISTAKES, NEAR_MISS, SIZE_MISTAKES, size_mistakes  # noqa: F401  (re-exported)

LANGUAGES = ("en", "ja")

# topic key -> {"en": title, "ja": title} shown in the score table
TOPICS: dict[str, dict[str, str]] = {
    "conv_size": {"en": "Output size: convolution (stride, padding, dilation)", "ja": "出力サイズ：畳み込み"},
    "padding": {"en": "Padding: same, TensorFlow 'same', transposed convolution", "ja": "パディングと転置畳み込み"},
    "pool_size": {"en": "Output size: pooling", "ja": "出力サイズ：プーリング"},
    "params": {"en": "Parameter counts (with bias)", "ja": "パラメータ数"},
    "flops": {"en": "Multiply-adds (FLOPs)", "ja": "計算量（積和演算数）"},
    "bottleneck": {
        "en": "1×1 convolutions, bottlenecks, depthwise-separable",
        "ja": "1×1 畳み込み・ボトルネック・深さ方向分離可能畳み込み",
    },
    "im2col": {"en": "im2col matrix shapes", "ja": "im2col の行列の形状"},
    "receptive_field": {"en": "Receptive fields", "ja": "受容野"},
    "max_pool": {"en": "Pooling: values and gradient routing", "ja": "プーリング：値と勾配"},
    "backward": {"en": "Backward pass: shapes and values", "ja": "逆伝播：形状と値"},
    "flatten": {"en": "Shapes through a network, flatten size", "ja": "ネットワーク内の形状と平坦化"},
    "architectures": {"en": "Classic architectures' numbers", "ja": "代表的なアーキテクチャの数値"},
    "dropout": {"en": "Dropout: training vs. test", "ja": "ドロップアウト"},
    "code": {"en": "Code fill-in (numpy)", "ja": "コードの穴埋め（numpy）"},
}

# answer_format key -> how to answer, in both languages
FORMATS: dict[str, dict[str, str]] = {
    "whole": {"en": "a whole number", "ja": "整数"},
    "shape": {"en": "a shape tuple, e.g. (8, 16, 32, 32)", "ja": "形状のタプル（例：(8, 16, 32, 32)）"},
    "pair": {"en": "a pair (rows, columns), e.g. (64, 27)", "ja": "（行数、列数）の組（例：(64, 27)）"},
    "matrix": {"en": "a 2-D list, e.g. [[1, 2], [3, 4]]", "ja": "2 次元リスト（例：[[1, 2], [3, 4]]）"},
    "decimal": {"en": "a number (decimals allowed, e.g. 0.25)", "ja": "数値（小数可、例：0.25）"},
    "snippet": {"en": "the code that fills the blank", "ja": "空欄に入るコード"},
}


def anchor(heading: str) -> str:
    """The anchor Jupyter gives a markdown heading: the rendered text (no backticks, no '#'), spaces as '-'."""
    return heading.lstrip("#").strip().replace("`", "").replace(" ", "-")


def link(notebook: str, heading: str) -> str:
    """The notebook file and the anchor of ``heading`` in it."""
    return f"{notebook}#{anchor(heading)}"


def link_in(language: str, notebook: str, heading: str) -> str:
    """The path under notebooks/ of ``heading``'s section: the English notebook, or its Japanese twin in
    notebooks/ja/ with the anchor of the translated heading (helpers.exam.ja_links, from notebooks.po)."""
    english = link(notebook, heading)
    if _language(language) == "en":
        return english
    from .ja_links import JA_ANCHORS

    ja = JA_ANCHORS.get(english)
    return f"ja/{notebook}#{ja}" if ja is not None else f"ja/{notebook}"


@dataclass(frozen=True)
class Question:
    """One question, both languages. ``answer`` is an int, a float, a tuple of ints, a nested list, or a code string.

    ``format`` is "numeric" (type the answer), "choice" (four options, answer A-D) or "typed" (type the
    expression that fills a code blank). ``options`` are the four values (or snippets) of "choice".
    """

    kind: str
    topic: str
    seed: int
    text: dict
    answer: Any
    solution: dict
    expression: str  # Python code that computes the answer from the question's numbers
    answer_format: str  # a key of FORMATS
    mistakes: tuple = ()  # ((mistake name, wrong answer), ...)
    notebook: str = ""
    section: str = ""
    format: str = "numeric"
    options: tuple = ()
    option_causes: tuple = ()  # per option: the mistake names that give it (() for the answer)
    code: Any = None  # a CodeTask for the code fill-in types
    params: dict = field(default_factory=dict)  # the generated numbers, for the independent checks in tests

    @property
    def link(self) -> str:
        return link(self.notebook, self.section)

    def link_in(self, language: str = "en") -> str:
        return link_in(language, self.notebook, self.section)

    @property
    def is_array(self) -> bool:
        return isinstance(self.answer, list)

    @property
    def correct_letter(self) -> str:
        return "ABCD"[self.options.index(self.answer)] if self.format == "choice" else ""

    def hints(self, language: str = "en") -> tuple:
        """((wrong answer, hint), ...) for the known mistakes; a value two mistakes give names both."""
        by_value: dict[str, list] = {}
        values: dict[str, Any] = {}
        for name, value in self.mistakes:
            key = repr(value)
            by_value.setdefault(key, [])
            if name not in by_value[key]:
                by_value[key].append(name)
            values[key] = value
        return tuple((values[key], hint_text(names, language)) for key, names in by_value.items())

    def render(self, number: int | None = None, language: str = "en") -> str:
        lang = _language(language)
        head = f"Q{number} · " if number is not None else ""
        text = self.code.typed_text(lang) if self.format == "typed" and self.code is not None else self.text[lang]
        if self.format == "choice":
            pick = "Choose the most appropriate option (A–D)." if lang == "en" else "最も適切なものを選べ（A〜D）。"
            lines = [f"({letter}) {_show(value)}" for letter, value in zip("ABCD", self.options)]
            return f"{head}{TOPICS[self.topic][lang]}\n{text}\n" + "\n".join(lines) + f"\n{pick}"
        how = FORMATS[self.answer_format][lang]
        if lang == "ja" and self.format == "typed":  # typed_text already says what to type
            return f"{head}{TOPICS[self.topic][lang]}\n{text}"
        tail = f"Answer with {how}." if lang == "en" else f"{how}で答えよ。"
        return f"{head}{TOPICS[self.topic][lang]}\n{text}\n{tail}"

    def __str__(self) -> str:
        return self.render()


def topic_list(language: str = "en") -> str:
    """The topics in one line: "14 topics: Output size: ...; ..." / 「トピック 14 個：出力サイズ：…、…」."""
    lang = _language(language)
    names = [t[lang] for t in TOPICS.values()]
    if lang == "ja":
        return f"トピック {len(names)} 個：" + "、".join(names)
    return f"{len(names)} topics: " + "; ".join(names)


def _show(value) -> str:
    if isinstance(value, str):
        return value
    return repr(value)


def hint_text(names, language: str = "en") -> str:
    """The hint for a wrong answer that the mistakes ``names`` give: one cause, or every possible one."""
    lang = _language(language)
    names = [n for n in names if n in MISTAKES]
    if not names:
        return ""
    if len(names) == 1:
        return MISTAKES[names[0]][lang]
    if lang == "ja":
        return "この答えになる原因は複数考えられます：" + " または ".join(
            f"({i}) {MISTAKES[n]['ja']}" for i, n in enumerate(names, 1)
        )
    return "this answer has more than one possible cause: " + " or ".join(
        f"({i}) {MISTAKES[n]['en']}" for i, n in enumerate(names, 1)
    )


def _language(language) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}; e.g. language='ja'")
    return language


@dataclass(frozen=True)
class Generator:
    topic: str
    func: Callable[[np.random.Generator], dict]
    notebook: str
    section: str
    formats: tuple = ("numeric", "choice")


GENERATORS: dict[str, Generator] = {}


def _generator(kind: str, topic: str, notebook: str, section: str, formats=("numeric", "choice")):
    """Register ``func`` as the generator of question type ``kind``, taught in ``notebook`` under ``section``."""

    def wrap(func):
        assert kind not in GENERATORS, kind
        assert topic in TOPICS, topic
        GENERATORS[kind] = Generator(topic, func, notebook, section, tuple(formats))
        return func

    return wrap


def kinds_for_topic(topic: str) -> list[str]:
    return [k for k, g in GENERATORS.items() if g.topic == topic]


def kinds_for_format(fmt: str) -> list[str]:
    return [k for k, g in GENERATORS.items() if fmt in g.formats]


def T(en: str, ja: str) -> dict:
    """A text in both languages, side by side."""
    return {"en": en, "ja": ja}


def _pick(rng, values):
    return values[int(rng.integers(len(values)))]


def _formula(i, k, s, p, d=1) -> str:
    dil = f"{d}×({k}−1)" if d != 1 else f"({k}−1)"
    return f"floor(({i} + 2×{p} − {dil} − 1) / {s}) + 1"


def _conv_setting(rng):
    n = _pick(rng, [1, 2, 4, 10])
    c = _pick(rng, [1, 3, 8])
    h = _pick(rng, [5, 6, 7, 8, 28, 32])
    k = _pick(rng, [2, 3])
    s = _pick(rng, [1, 1, 2])
    p = _pick(rng, [0, 1])
    return n, c, h, k, s, p
