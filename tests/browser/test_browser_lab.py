"""Every explorer works in JupyterLab in a real browser (headless Chromium).

For each notebook with an explorer: open it in JupyterLab, "Run All Cells", then for
every explorer (a widget with sliders and a figure) move a slider with the keyboard
and check that
* the figure changed, and (where the table below names the draw function) that it is
  exactly ``draw(**values shown by the controls)`` rendered as the kernel renders it;
* the numbers shown (a caption containing ``output OH×OW``) equal
  ``helpers.conv_output_size`` (or the row's own rule) for the new values;
* no "Error displaying widget", no Python traceback in any output, no red widget
  error, and no console error from the page.

The table ``EXPLORERS`` says, per notebook, which slider of its n-th explorer to move
and what to expect; notebooks and explorers it does not list still get the generic
checks (the first slider, else the first menu, is moved).  Add a row when a notebook lands.

    .venv/bin/python -m pytest tests/browser -s          # prints what was moved and checked, timings
    .venv/bin/python -m pytest tests/browser -k 02_padding
    CNN_BROWSER_PYTHONPATH=/tmp/copy pytest tests/browser  # kernels import /tmp/copy/helpers first
                                                          # (e.g. a deliberately broken widget)
"""

from __future__ import annotations

import base64
import importlib
import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import conv_output_size, pool_output_size

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "test-artifacts"
# the caption's output size, in English ("output 4×4") or as the Japanese edition writes it ("出力 4×4")
CAPTION_RE = re.compile(r"(?:output|出力) (\d+)×(\d+)")
ENGLISH_CAPTION_RE = re.compile(r"output \d+×\d+")
JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# one Japanese twin (notebooks/ja/) is opened too: the one with the smallest explorer
JAPANESE_NOTEBOOKS = ["00_start_here.ipynb"]
CONV_NAMES = {"input_size", "kernel_size", "stride", "padding", "dilation"}


@dataclass(frozen=True)
class Row:
    """What to do with one explorer (the n-th explorer with sliders or menus in the notebook, in page order).

    move : description of the slider (or menu) to move (default: the first slider, else the first menu);
        a tuple moves each in turn, checking after every move
    key : key pressed on its handle ("ArrowRight"; "ArrowLeft" is used at the slider's maximum)
    expect : values -> expected output size: an int, an (OH, OW) pair (compared with the first
        "output OH×OW" in the explorer's text), or a str that must appear in that text.
        None: the generic rule (conv_output_size when the sliders are all named after
        conv parameters and a caption shows "output OH×OW"), else no number check.
    draw : "module:function" of the pure draw function: the figure in the page must equal
        draw(**values) rendered like the kernel does (PNG, bbox_inches="tight").
    allow_error : the moved-to setting is meant to be shown in red (invalid combination)
    """

    move: str | tuple[str, ...] | None = None
    key: str = "ArrowRight"
    expect: Callable[[dict], object] | None = None
    draw: str | None = None
    allow_error: bool = False


def _conv(v: dict):
    return conv_output_size(
        v["input_size"],
        v["kernel_size"],
        stride=v.get("stride", 1),
        padding=v.get("padding", 0),
        dilation=v.get("dilation", 1),
    )


def _window_step_text(v: dict) -> str:
    """The caption of the windows-one-at-a-time explorer names the window and the number of windows."""
    o = _conv(v)
    return f"window {v['position'] + 1} of {o * o}"


def _pool(v: dict):
    return pool_output_size(v["input_size"], v["kernel_size"], stride=v.get("stride"), padding=v.get("padding", 0))


def _mod(name: str):
    return importlib.import_module(f"helpers.explorers.{name}")


def _step_out(v):
    cv = _mod("convolution")
    return conv_output_size(cv.STEP_INPUT.shape, cv.STEP_KERNEL.shape)


def _padding_out(v):
    h, w = _mod("padding")._source_shape(v.get("source", "grid"))
    return conv_output_size((h, w), v["kernel_size"], padding=v["padding"])


def _channels_out(v):
    x, w, _ = _mod("channels").channel_example()
    return conv_output_size(x.shape[1:], w.shape[2:])


def _pooling_out(v):
    pl = _mod("pooling")
    x = pl.pool_grid() if v.get("source", "grid") == "grid" else pl.feature_map()
    if v.get("mode") == "global average":
        return 1
    return pool_output_size(x.shape, v["kernel_size"], v["stride"])


def _shift_out(v):
    return pool_output_size(_mod("pooling").shift_input().shape, v["kernel_size"])


def _routing_out(v):
    return pool_output_size(_mod("pooling").pool_grid().shape, v["kernel_size"], v["stride"])


def _feature_map_out(v):
    # the LeNet-like network of notebooks 08/09 (helpers.zoo.lenet_digits) on 1×28×28 digits:
    # 0 Conv 5×5 -> 1 ReLU -> 2 MaxPool 2 -> 3 Conv 5×5 -> 4 ReLU -> 5 MaxPool 2
    c1 = conv_output_size(28, 5)
    p1 = pool_output_size(c1, 2)
    c2 = conv_output_size(p1, 5)
    return {0: c1, 1: c1, 2: p1, 3: c2, 4: c2, 5: pool_output_size(c2, 2)}[v["layer"]]


# notebook -> one Row per explorer (a figure driven by sliders or menus), in page order.
# Explorers beyond a notebook's rows get Row(): first control moved, generic checks.
EXPLORERS: dict[str, list[Row]] = {
    "00_start_here.ipynb": [
        # the output size O is in the figure's title: checked by comparing the figure itself
        Row(move=("kernel_size", "input_size"), key="ArrowLeft", draw="helpers.explorers.start_here:draw_window_count"),
    ],
    "01_convolution.ipynb": [
        Row(move="position", expect=_step_out, draw="helpers.explorers.convolution:draw_step"),
        Row(),  # kernel gallery on the photo (menus)
        Row(),  # editable kernel (menus)
    ],
    "02_padding.ipynb": [
        Row(
            move=("padding", "kernel_size", "mode"), expect=_padding_out, draw="helpers.explorers.padding:draw_padding"
        ),
    ],
    "03_stride_and_dilation.ipynb": [
        Row(
            move=("position", "stride"),
            expect=_window_step_text,
            draw="helpers.explorers.window_steps:draw_window_step",
        ),
        Row(move=("stride", "dilation"), expect=_conv, draw="helpers.explorers.stride:draw_stride"),
    ],
    "04_output_size.ipynb": [
        Row(
            move=("position", "stride"),
            expect=_window_step_text,
            draw="helpers.explorers.window_steps:draw_window_step",
        ),
        Row(
            move=("padding", "stride", "dilation"), expect=_conv, draw="helpers.explorers.output_size:draw_output_size"
        ),
    ],
    "05_channels_and_batches.ipynb": [
        Row(move="out_col", expect=_channels_out, draw="helpers.explorers.channels:draw_channel_contributions"),
    ],
    "06_fast_convolution.ipynb": [
        Row(move="stride", expect=_conv, draw="helpers.explorers.im2col:draw_im2col"),
    ],
    "07_pooling.ipynb": [
        Row(move="stride", key="ArrowLeft", expect=_pooling_out, draw="helpers.explorers.pooling:draw_pooling"),
        Row(move="kernel_size", expect=_shift_out, draw="helpers.explorers.pooling:draw_shift_demo"),
        Row(move="stride", expect=_routing_out, draw="helpers.explorers.pooling:draw_max_pool_backward"),
    ],
    "09_inside_a_cnn.ipynb": [
        Row(move=("layer", "layer", "layer", "map"), expect=_feature_map_out),
    ],
}


def _has_explorer(path: Path) -> bool:
    """A code cell builds a widget with controls (an explorer, a slider or interact)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return bool(re.search(r"_explorer\(|IntSlider|interact\(", code))


def notebooks_with_explorers() -> list[str]:
    return sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if _has_explorer(p))


# ----------------------------------------------------------------------------- page helpers

JS_STATUS = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).innerText || '');
  const src = cells.map(c => ((c.querySelector('.cm-content') || {}).innerText || '').trim());
  const code = prompts.filter((p, i) => src[i] !== '');
  return {cells: code.length, running: prompts.filter(p => p.includes('*')).length,
          done: code.filter(p => /\\[\\d+\\]/.test(p)).length};
}"""

# Tag every explorer root: the nearest enclosing widget of a .widget-output that also holds a
# slider or a menu (climbing through widgets only, never out of the cell's output).
JS_TAG_EXPLORERS = """() => {
  const roots = [];
  for (const out of document.querySelectorAll('.widget-output')) {
    let e = out.parentElement;
    while (e && e.classList.contains('jupyter-widgets') && !e.querySelector('.widget-slider, .widget-dropdown'))
      e = e.parentElement;
    if (e && e.classList.contains('jupyter-widgets') && !roots.includes(e)) roots.push(e);
  }
  roots.forEach((e, i) => e.setAttribute('data-cnn-explorer', String(i)));
  return roots.length;
}"""

JS_EXPLORER_STATE = """(root) => {
  const values = {}, limits = {};
  for (const s of root.querySelectorAll('.widget-slider')) {
    const name = (s.querySelector('.widget-label') || {}).innerText || '';
    const h = s.querySelector('.noUi-handle');
    values[name] = ((s.querySelector('.widget-readout') || {}).innerText || '').trim();
    limits[name] = h ? [h.getAttribute('aria-valuemin'), h.getAttribute('aria-valuemax')] : null;
  }
  const menus = {};
  for (const d of root.querySelectorAll('.widget-dropdown')) {
    const name = (d.querySelector('.widget-label') || {}).innerText || '';
    const sel = d.querySelector('select');
    if (sel) {
      values[name] = sel.options[sel.selectedIndex] ? sel.options[sel.selectedIndex].text : '';
      menus[name] = [...sel.options].map(o => o.text);
    }
  }
  const img = root.querySelector('.widget-output img');
  const outs = [...root.querySelectorAll('.widget-output')].map(o => o.innerText).join('\\n');
  const src = img ? img.getAttribute('src') : null;
  return {values, limits, menus, img: src,
          // what a redraw changes: the figure (or, for an explorer without one, its outputs and captions)
          sig: src ? src : outs + '\\n' + [...root.querySelectorAll('.widget-html')].map(h => h.innerText).join('\\n'),
          text: root.innerText, errors: [...root.querySelectorAll('.cnn-error')].map(e => e.innerText)};
}"""

JS_OUTPUT_PROBLEMS = """() => {
  const problems = [];
  const body = document.body.innerText;
  if (body.includes('Error displaying widget')) problems.push('"Error displaying widget" is shown');
  if (body.includes('There was an error when executing cell'))  // Voilà hides the traceback itself
    problems.push('Voilà: "There was an error when executing cell"');
  for (const o of document.querySelectorAll('.jp-OutputArea-output')) {
    const t = o.innerText || '';
    const stderr = o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr';
    if (t.includes('Traceback (most recent call last)') || (stderr && /(Error|Exception)\\b/.test(t)))
      problems.push('Python error in an output:\\n' + t.slice(0, 1500));
  }
  return problems;
}"""


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def read_state(root) -> dict:
    state = root.evaluate(JS_EXPLORER_STATE)
    state["values"] = {k: _number(v) for k, v in state["values"].items()}
    return state


def rendered_like_kernel(draw_spec: str, values: dict):
    """The RGBA pixels of draw(**values) rendered as IPython's inline backend does."""
    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure

    module, func = draw_spec.split(":")
    fig = getattr(importlib.import_module(module), func)(**values)
    try:
        png = print_figure(fig, "png", bbox_inches="tight")
    finally:
        plt.close(fig)
    return mpimg.imread(io.BytesIO(png), format="png")


def pixels_of(src: str):
    import matplotlib.image as mpimg

    assert src.startswith("data:image/png;base64,"), f"figure is not an inline PNG: {src[:60]}"
    return mpimg.imread(io.BytesIO(base64.b64decode(src.split(",", 1)[1])), format="png")


def save_pair(label: str, shown, want) -> str:
    """Save the figure the page shows and the one expected, side by side in test-artifacts/."""
    import matplotlib.image as mpimg

    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", label)
    mpimg.imsave(ARTIFACTS / f"{stem}.shown.png", shown)
    mpimg.imsave(ARTIFACTS / f"{stem}.expected.png", want)
    return f"test-artifacts/{stem}.shown.png / .expected.png"


def check_numbers_applies(row: Row, values: dict) -> bool:
    """The generic rule: every slider is named after a conv parameter, input and kernel among them."""
    names = set(values)
    return row.expect is None and names <= CONV_NAMES and {"input_size", "kernel_size"} <= names


def check_numbers(row: Row, values: dict, text: str) -> str | None:
    """None when the numbers shown agree with the rule; else what is wrong."""
    rule = row.expect
    if rule is None:
        if check_numbers_applies(row, values) and CAPTION_RE.search(text):
            rule = _conv
        else:
            return None
    expected = rule(values)
    if isinstance(expected, str):
        return None if expected in text else f"expected the text {expected!r} for {values}; explorer shows:\n{text}"
    if isinstance(expected, int):
        expected = (expected, expected)
    m = CAPTION_RE.search(text)
    if m is None:
        return f"no caption 'output OH×OW' in the explorer (expected output {expected[0]}×{expected[1]}):\n{text}"
    shown = (int(m.group(1)), int(m.group(2)))
    if shown != tuple(expected):
        return (
            f"caption says output {shown[0]}×{shown[1]} but conv_output_size gives "
            f"{expected[0]}×{expected[1]} for {values}"
        )
    return None


def count_explorers(page, at_least: int, timeout: float = 20.0) -> int:
    """Tag the explorers once their number is stable (widget views render asynchronously)."""
    deadline = time.monotonic() + timeout
    last = -1
    while True:
        count = page.evaluate(JS_TAG_EXPLORERS)
        if (count == last and count >= at_least) or time.monotonic() > deadline:
            return count
        last = count
        page.wait_for_timeout(500)


def menu(page, top: str, item: str) -> None:
    """Click a JupyterLab menu item, e.g. menu(page, "Run", "Run All Cells")."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(top)}$")).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).first.click()


def run_all_cells(page, server, nb_path: str) -> float:
    """Wait for the kernel, Run All Cells, wait until every cell ran; returns when the kernel was ready."""
    server.wait_kernel_idle(nb_path)
    ready = time.perf_counter()
    # The committed notebook has outputs and prompt numbers: clear them first, so that every
    # output and "[n]:" checked below comes from this run.
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(f"(() => ({JS_STATUS})().done === 0)", timeout=30_000)
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(
        f"(() => {{ const s = ({JS_STATUS})(); return s.running === 0 && s.done === s.cells; }})", timeout=300_000
    )
    status = page.evaluate(JS_STATUS)
    problems = page.evaluate(JS_OUTPUT_PROBLEMS)
    assert not problems, f"{nb_path} after Run All:\n" + "\n".join(problems)
    assert status["done"] == status["cells"], (
        f"{nb_path}: only {status['done']} of {status['cells']} code cells ran (Run All stopped early?)"
    )
    return ready


def move_control(page, root, state: dict, row: Row, move: str | None) -> str:
    """Move the row's slider (default: the first slider) one step with the keyboard on its handle;
    an explorer with menus only gets its first menu (or the row's) set to the next option."""
    names = list(state["limits"]) + list(state["menus"])
    assert names, "explorer has no slider and no menu"
    name = move or (list(state["limits"]) or names)[0]
    assert name in names, f"no slider or menu {name!r} in explorer; controls: {names}"
    label = page.locator(".widget-label", has_text=re.compile("^" + re.escape(name) + "$"))
    if name in state["menus"]:
        options = state["menus"][name]
        nxt = options[(options.index(state["values"][name]) + 1) % len(options)]
        root.locator(".widget-dropdown").filter(has=label).locator("select").first.select_option(label=nxt)
        return name
    lo, hi = (float(x) for x in state["limits"][name])
    key = row.key
    value = float(state["values"][name])
    if key == "ArrowRight" and value >= hi:
        key = "ArrowLeft"
    elif key == "ArrowLeft" and value <= lo:
        key = "ArrowRight"
    handle = root.locator(".widget-slider").filter(has=label).locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    handle.press(key)
    return name


def exercise_explorer(page, root, row: Row, label: str) -> str:
    """Move the row's control(s) of the explorer ``root`` one after the other, checking each time."""
    moves = row.move if isinstance(row.move, tuple) else (row.move,)
    return "\n".join(_move_and_check(page, root, row, label, m) for m in moves)


def _move_and_check(page, root, row: Row, label: str, move: str | None) -> str:
    """Move one slider (or menu) and check the figure, the numbers and the errors."""
    before = read_state(root)
    assert before["img"] or not row.draw, f"{label}: no figure before moving a slider"
    assert not before["errors"], f"{label} shows an error before moving {move!r}: {before['errors']}"
    name = move_control(page, root, before, row, move)
    try:
        page.wait_for_function(
            f"([r, old]) => ({JS_EXPLORER_STATE})(r).sig !== old",
            arg=[root.element_handle(), before["sig"]],
            timeout=20_000,
        )
    except Exception:
        after = read_state(root)
        raise AssertionError(
            f"{label}: moving slider {name!r} did not change the figure or text "
            f"(values before {before['values']}, after {after['values']}); "
            f"red errors: {after['errors']}; text:\n{after['text']}"
        ) from None
    page.wait_for_timeout(200)  # let the caption and readouts settle
    after = read_state(root)
    where = f"{label} after moving {name!r} {before['values']} -> {after['values']}"
    assert after["values"][name] != before["values"][name], f"{where}: the control's value did not change"
    if not row.allow_error:
        assert not after["errors"], f"{where}: the explorer shows an error: {after['errors']}"
    problem = check_numbers(row, after["values"], after["text"])
    assert problem is None, f"{where}: {problem}"
    if row.draw:
        shown = pixels_of(after["img"])
        want = rendered_like_kernel(row.draw, after["values"])
        same = shown.shape == want.shape and float(abs(shown - want).max()) < 0.02
        if not same:
            saved = save_pair(label, shown, want)
            differ = (
                f"{float((abs(shown - want).max(axis=-1) >= 0.02).mean()):.1%} of the pixels differ"
                if shown.shape == want.shape
                else f"sizes {shown.shape[:2]} vs {want.shape[:2]}"
            )
            raise AssertionError(
                f"{where}: the figure shown is not {row.draw}(**{after['values']}) ({differ}); "
                f"shown and expected images saved as {saved}"
            )
    m = CAPTION_RE.search(after["text"])
    return (
        f"{label}: {name} {before['values'][name]}->{after['values'][name]}, figure changed"
        + (f", caption '{m.group(0)}'" if m else "")
        + (", numbers checked" if m and (row.expect or check_numbers_applies(row, after["values"])) else "")
        + (f", pixels == {row.draw.split(':')[1]}(**values)" if row.draw else "")
    )


# ----------------------------------------------------------------------------- the test


@pytest.mark.parametrize("notebook", notebooks_with_explorers())
def test_explorers_in_jupyterlab(notebook, lab_server, probe):
    check_notebook(f"notebooks/{notebook}", EXPLORERS.get(notebook, []), lab_server, probe)


@pytest.mark.parametrize("notebook", JAPANESE_NOTEBOOKS)
def test_japanese_explorer_in_jupyterlab(notebook, lab_server, probe):
    """The Japanese twin: the same checks (the figure drawn in Japanese, as helpers.set_language("ja")
    makes the kernel draw it), and the page shows Japanese headings and a Japanese caption."""
    import helpers

    helpers.set_language("ja")
    try:
        texts = check_notebook(f"notebooks/ja/{notebook}", EXPLORERS.get(notebook, []), lab_server, probe)
    finally:
        helpers.set_language("en")
    page = probe.page
    headings = page.locator(".jp-RenderedMarkdown h1, .jp-RenderedMarkdown h2").all_inner_texts()
    japanese = [h for h in headings if JAPANESE_RE.search(h)]
    assert japanese, f"ja/{notebook}: no rendered markdown heading in Japanese; headings: {headings}"
    for i, text in enumerate(texts):
        assert JAPANESE_RE.search(text), f"ja/{notebook} explorer {i}: no Japanese after the slider moves:\n{text}"
        assert not ENGLISH_CAPTION_RE.search(text), f"ja/{notebook} explorer {i}: an English caption:\n{text}"
    print(f"\nja/{notebook}: heading {japanese[0]!r}; captions " + " | ".join(" / ".join(t.split()) for t in texts))


def check_notebook(nb_path: str, rows: list[Row], lab_server, probe) -> list[str]:
    """Open nb_path in JupyterLab, run all cells, exercise every explorer; returns each explorer's text
    after its last move."""
    page = probe.page
    notebook = nb_path.split("/", 1)[1]
    t0 = time.perf_counter()
    # ?reset: a fresh workspace, so the notebooks of earlier tests are not reopened beside this one
    page.goto(f"{lab_server.url}/lab/tree/{nb_path}?reset&token={lab_server.token}", timeout=90_000)
    try:
        ready = run_all_cells(page, lab_server, nb_path)
        t_load, t_run = ready - t0, time.perf_counter() - ready
        page.wait_for_selector(".widget-output .jp-OutputArea-output", timeout=60_000)  # widgets rendered
        count = count_explorers(page, at_least=max(1, len(rows)))
        assert count >= max(1, len(rows)), (
            f"{notebook}: found {count} explorer(s) with sliders or menus and a figure, the table expects {len(rows)}"
        )
        texts = []
        for i in range(count):
            row = rows[i] if i < len(rows) else Row()
            root = page.locator(f'[data-cnn-explorer="{i}"]')
            probe.focus = root
            print("\n" + exercise_explorer(page, root, row, f"{notebook} explorer {i}"), end="")
            texts.append(read_state(root)["text"])
        probe.focus = None
        problems = page.evaluate(JS_OUTPUT_PROBLEMS)
        assert not problems, f"{notebook} after moving sliders:\n" + "\n".join(problems)
        assert not probe.console_errors, f"{notebook}: console errors:\n" + "\n".join(probe.console_errors)
        print(
            f"\n{notebook}: page + kernel {t_load:.1f} s, run all {t_run:.1f} s, {count} explorer(s) "
            f"{time.perf_counter() - t0 - t_load - t_run:.1f} s, total {time.perf_counter() - t0:.1f} s"
        )
        return texts
    finally:
        session = lab_server.session_for(nb_path)
        if session:
            lab_server.delete(f"/api/sessions/{session['id']}")
