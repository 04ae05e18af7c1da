"""Widget speed: how long one slider move takes to redraw, for every explorer.

    .venv/bin/python benchmarks/bench_widgets.py [--quick] [--json] [--out FILE]

Discovers the explorers in ``helpers/explorers/*.py`` from their slider-range dicts
(``NAME_RANGES = {"slider": (min, max, default), "menu": ("option", ...)}``, plus menus in
``NAME_OPTIONS = {"menu": (options, default)}``) and the
draw function each one drives (the ``draw_*`` passed to ``explorer(...)`` in the
module's ``*_explorer()`` that uses the dict; else ``draw_<name>``; else the draw
function whose parameters cover the dict's keys).  Then it sweeps every slider over
its whole range (one slider at a time, the others at their defaults, as a learner
moves them) and times what a slider move costs in the kernel: the caption text +
the draw function + rendering the figure to PNG as Jupyter's inline backend does.
Settings the explorer would show in red (ValueError/TypeError) are counted, not timed.

The verdict (issue 11: every explorer redraws in <= 100 ms median at its default settings) is
taken at the DEFAULT settings of every explorer in ``helpers`` (every public ``*_explorer()``,
including those the sweep cannot drive, e.g. the photo-kernel menus, the upload and layer-stack
boxes): the real widget is built as a notebook builds it, then one control is nudged back and
forth (a slider by one step, a menu to the next option, a text box by a trailing space), ``7``
redraws per round, ``--rounds`` rounds interleaved over the explorers; each redraw is what the
widget does on a change: the constraint, the caption, the draw and the PNG render. The sweep's
numbers are printed beside it (they include the extreme sizes, which may be slower) but do not
decide. ``--against DIR`` times the explorers of another checkout (e.g. ``git worktree add
/tmp/before HEAD~3``) in alternating child processes of the same run, for a before/after table.

Target (the collection's widget budget): median redraw <= 100 ms at the default settings.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import os
import pkgutil
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NUDGES = 7  # redraws per round at the default settings
TARGET_MS = 100.0
RANGES_RE = re.compile(r"^[A-Z][A-Z0-9_]*_RANGES$")


# ----------------------------------------------------------------------------- discovery


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def slider_values(spec) -> tuple[list, object] | None:
    """(values to sweep, default) for one entry of a ranges dict; None if the format is unknown."""
    if isinstance(spec, dict):  # {"min":, "max":, "default"/"value":, "step":}
        lo, hi = spec.get("min"), spec.get("max")
        default = spec.get("default", spec.get("value", lo))
        step = spec.get("step", 1)
        if _is_number(lo) and _is_number(hi):
            return _numeric_sweep(lo, hi, step), default
        return None
    if isinstance(spec, range):
        return list(spec), spec[0]
    if (
        isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], (tuple, list)) and spec[1] in spec[0]
    ):  # (options, default) of a menu
        return list(spec[0]), spec[1]
    if isinstance(spec, (tuple, list)) and spec:
        if len(spec) in (3, 4) and all(_is_number(v) for v in spec):  # (min, max, default[, step])
            lo, hi, default = spec[:3]
            step = spec[3] if len(spec) == 4 else 1
            if lo <= default <= hi:
                return _numeric_sweep(lo, hi, step), default
        if all(isinstance(v, (str, bool)) or _is_number(v) for v in spec):  # options of a menu
            return list(spec), spec[0]
    return None


def _numeric_sweep(lo, hi, step):
    if all(isinstance(v, int) for v in (lo, hi, step)):
        return list(range(lo, hi + 1, step))
    n = int(round((hi - lo) / step)) + 1
    values = [lo + i * step for i in range(min(n, 50))]
    return values if values[-1] >= hi else values + [hi]


def _explorer_links(module) -> list[tuple[str, str, str | None]]:
    """(ranges dict name, draw function name, caption function name) from each *_explorer()'s source."""
    links = []
    for name, func in inspect.getmembers(module, inspect.isfunction):
        if not name.endswith("_explorer") or func.__module__ != module.__name__:
            continue
        try:
            src = inspect.getsource(func)
        except (OSError, TypeError):
            continue
        ranges = [r for r in re.findall(r"\b([A-Z][A-Z0-9_]*_RANGES)\b", src)]
        draw = re.search(r"explorer\(\s*(draw_\w+)", src) or re.search(r"\b(draw_\w+)\b", src)
        text = re.search(r"text\s*=\s*(?:lambda[^:]*:\s*)?(\w+)", src)
        for r in dict.fromkeys(ranges):
            if draw:
                links.append((r, draw.group(1), text.group(1) if text else None))
    return links


def _example_model():
    import numpy as np

    from helpers.model import simple_convnet

    return simple_convnet(rng=np.random.default_rng(0))  # untrained: drawing costs the same


def _example_images():
    from helpers.data import load_digits28

    (_, _), (x_test, _) = load_digits28()
    return x_test[:20]


# Inputs some draw functions need besides their sliders (e.g. notebook 09's trained network),
# by parameter name; a draw function needing anything else is skipped with a note.
PROVIDERS = {"model": _example_model, "images": _example_images}


def _required(func) -> list[str]:
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    return [
        n
        for n, p in sig.parameters.items()
        if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]


def _params(func) -> set[str]:
    try:
        return set(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return set()


def discover(package: str = "helpers.explorers") -> tuple[list[dict], list[str]]:
    """Explorers found (module, ranges name, draw, caption, sweep) and notes on what was skipped."""
    found, notes = [], []
    pkg = importlib.import_module(package)
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        modname = f"{package}.{info.name}"
        try:
            module = importlib.import_module(modname)
        except Exception as exc:  # a module being written right now must not stop the others
            notes.append(f"{modname}: import failed ({type(exc).__name__}: {exc})")
            continue
        links = _explorer_links(module)
        draws = {
            n: f
            for n, f in inspect.getmembers(module, inspect.isfunction)
            if n.startswith("draw_") and f.__module__ == module.__name__
        }
        for rname, ranges in inspect.getmembers(module, lambda v: isinstance(v, dict)):
            if not RANGES_RE.match(rname):
                continue
            # menus may live beside the sliders: NAME_OPTIONS = {"mode": (options, default)}
            options = getattr(module, rname[: -len("_RANGES")] + "_OPTIONS", None)
            if isinstance(options, dict):
                ranges = {**ranges, **options}
            sweep = {}
            for key, spec in ranges.items():
                sv = slider_values(spec)
                if sv is None:
                    notes.append(f"{modname}.{rname}[{key!r}]: unknown range format {spec!r}, held at default")
                else:
                    sweep[key] = sv
            draw_name = caption_name = None
            for r, d, t in links:
                if r == rname and d in draws:
                    draw_name, caption_name = d, t
                    break
            prefix = "draw_" + rname[: -len("_RANGES")].lower()
            if draw_name is None and prefix in draws:
                draw_name = prefix
            if draw_name is None:
                covering = [n for n, f in draws.items() if set(ranges) <= _params(f)]
                draw_name = covering[0] if covering else None
            if draw_name is None:
                notes.append(f"{modname}.{rname}: no draw function takes {sorted(ranges)}; skipped")
                continue
            caption = getattr(module, caption_name, None) if caption_name else None
            accepted = _params(draws[draw_name])
            sweep = {k: v for k, v in sweep.items() if k in accepted}
            fixed = {}
            missing = [n for n in _required(draws[draw_name]) if n not in sweep]
            try:
                for n in missing:
                    if n not in PROVIDERS:
                        raise LookupError(f"needs argument {n!r}")
                    fixed[n] = PROVIDERS[n]()
            except Exception as exc:
                notes.append(f"{modname}.{draw_name}: skipped ({type(exc).__name__}: {exc})")
                continue
            draw = draws[draw_name]
            if fixed:
                draw = functools.partial(draw, **fixed)
            if caption is not None and fixed and set(fixed) & _params(caption):
                caption = functools.partial(caption, **{k: v for k, v in fixed.items() if k in _params(caption)})
            found.append(
                {
                    "module": info.name,
                    "ranges": rname,
                    "draw": draw,
                    "draw_name": draw_name,
                    "caption": caption if callable(caption) else None,
                    "sweep": sweep,
                    "fixed": sorted(fixed),
                }
            )
    return found, notes


# ----------------------------------------------------------------------------- timing


def _render_png(fig) -> bytes:
    """The PNG the widget shows: helpers.widgets.render_figure (the inline backend's settings, same pixels)."""
    from helpers.widgets import render_figure

    return render_figure(fig)


def redraw_seconds(ex: dict, values: dict) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of this process, wall seconds of the PNG render alone) for one redraw."""
    t, c = time.perf_counter(), time.process_time()
    if ex["caption"] is not None:
        ex["caption"](**values)
    fig = ex["draw"](**values)
    try:
        p = time.perf_counter()
        _render_png(fig)
        png = time.perf_counter() - p
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return time.perf_counter() - t, time.process_time() - c, png


def settings_for(ex: dict, quick: bool) -> list[dict]:
    """Defaults, then each slider over its range with the others at their defaults."""
    defaults = {k: d for k, (_, d) in ex["sweep"].items()}
    settings = [dict(defaults)]
    for key, (values, _) in ex["sweep"].items():
        picked = (
            values if not quick else sorted(set([values[0], values[len(values) // 2], values[-1]]), key=values.index)
        )
        for v in picked:
            if v != defaults[key]:
                settings.append({**defaults, key: v})
    return settings


def measure(ex: dict, quick: bool = False) -> dict:
    settings = settings_for(ex, quick)
    for _ in range(2):  # warm-up: imports, caches, font loading (not counted)
        try:
            redraw_seconds(ex, settings[0])
        except (ValueError, TypeError):
            pass
    times, cpu, png, timed, invalid, failures = [], [], [], [], 0, []
    for values in settings:
        try:
            wall, c, p = redraw_seconds(ex, values)
            times.append(wall)
            cpu.append(c)
            png.append(p)
            timed.append(values)
        except (ValueError, TypeError):
            invalid += 1  # the widget shows this setting in red with its reason
        except Exception as exc:  # a real bug: the widget would show a one-line error
            failures.append(f"{values}: {type(exc).__name__}: {exc}")
    ms = [1e3 * t for t in times]
    return {
        "explorer": f"{ex['module']}.{ex['draw_name']}",
        "ranges": ex["ranges"],
        "sliders": list(ex["sweep"]),
        "settings": len(settings),
        "invalid": invalid,
        "failures": failures,
        "median_ms": statistics.median(ms) if ms else None,
        "worst_ms": max(ms) if ms else None,
        "median_cpu_ms": 1e3 * statistics.median(cpu) if cpu else None,
        "median_png_ms": 1e3 * statistics.median(png) if png else None,
        "worst_setting": timed[ms.index(max(ms))] if ms else None,
        "meets_target": bool(ms) and statistics.median(ms) < TARGET_MS,
    }


# ----------------------------------------------------------------------------- defaults (the verdict)


def _lenet_for_09():
    """Notebook 09's trained network, digits and labels (the arguments its feature-map explorer gets)."""
    import numpy as np

    from helpers.assets import weights_path
    from helpers.data import load_digits28
    from helpers.zoo import LENET_WEIGHTS, lenet_digits

    model = lenet_digits(rng=np.random.default_rng(0)).load(weights_path(LENET_WEIGHTS))
    (_, _), (x_test, y_test) = load_digits28()
    examples = np.concatenate([np.flatnonzero(y_test == k)[:2] for k in range(10)])
    return (model, x_test[examples], y_test[examples]), {}


# Arguments an explorer needs, as its notebook passes them: name -> () -> (args, kwargs).
EXPLORER_ARGS = {"feature_map_explorer": _lenet_for_09}


def explorer_functions(package: str = "helpers") -> tuple[list[tuple[str, object]], list[str]]:
    """Every public ``*_explorer`` function defined in ``package`` (each once, under its defining module)."""
    found, notes = {}, []
    pkg = importlib.import_module(package)
    for info in sorted(pkgutil.walk_packages(pkg.__path__, package + "."), key=lambda m: m.name):
        try:
            module = importlib.import_module(info.name)
        except Exception as exc:
            notes.append(f"{info.name}: import failed ({type(exc).__name__}: {exc})")
            continue
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_explorer") and not name.startswith("_") and func.__module__ == module.__name__:
                found[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = func
    return sorted(found.items()), notes


def _controls(box) -> list:
    """The value widgets inside an explorer's box, in display order."""
    import ipywidgets as widgets

    kinds = (widgets.ValueWidget, widgets.FileUpload)
    found, stack = [], [box]
    while stack:
        w = stack.pop(0)
        if isinstance(w, kinds) and not isinstance(w, (widgets.HTML, widgets.Label, widgets.HTMLMath)):
            found.append(w)
        stack = list(getattr(w, "children", ()) or ()) + stack
    return found


def nudge(control):
    """(default, neighbour) for moving ``control`` back and forth, or None if it cannot be nudged (an upload)."""
    import ipywidgets as widgets

    v = control.value
    if isinstance(control, widgets.FileUpload):
        return None
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        step = control.step or 1
        return (v, v + step) if v + step <= control.max else ((v, v - step) if v - step >= control.min else None)
    options = getattr(control, "options", None)
    if options is not None:
        labels = [o[1] if isinstance(o, tuple) else o for o in options]
        if len(labels) < 2 or v not in labels:
            return None
        i = labels.index(v)
        return v, labels[i + 1 if i + 1 < len(labels) else i - 1]
    if isinstance(v, bool):
        return v, not v
    if isinstance(v, str):
        return v, v + " "  # a trailing space: the same setting, re-parsed and redrawn
    if _is_number(v):
        return v, v + 1
    return None


class _Probe:
    """Counts and times helpers.widgets' PNG renders and red messages during one redraw."""

    def __enter__(self):
        import helpers.widgets as hw

        self.hw, self.png, self.renders, self.errors = hw, 0.0, 0, []
        self._render, self._error = hw.render_figure, hw.error_html

        def render(fig):
            t = time.perf_counter()
            try:
                return self._render(fig)
            finally:
                self.png += time.perf_counter() - t
                self.renders += 1

        def error(message):
            self.errors.append(message)
            return self._error(message)

        hw.render_figure, hw.error_html = render, error
        return self

    def __exit__(self, *exc):
        self.hw.render_figure, self.hw.error_html = self._render, self._error


def build_explorers(functions) -> tuple[list[dict], list[str]]:
    """Build each explorer as its notebook does (its first redraw included) and pick the control to nudge."""
    import contextlib
    import io

    built, notes = [], []
    for name, func in functions:
        short = name.rsplit(".", 1)[-1]
        try:
            args, kwargs = EXPLORER_ARGS[short]() if short in EXPLORER_ARGS else ((), {})
            with contextlib.redirect_stdout(io.StringIO()), _Probe() as probe:
                t = time.perf_counter()
                box = func(*args, **kwargs)
                open_ms = 1e3 * (time.perf_counter() - t)
        except Exception as exc:
            notes.append(f"{name}: could not be built ({type(exc).__name__}: {exc})")
            built.append({"explorer": name, "error": f"{type(exc).__name__}: {exc}"})
            continue
        row = {"explorer": name, "box": box, "open_ms": open_ms, "open_errors": probe.errors}
        for control in _controls(box):
            pair = nudge(control)
            if pair is not None:
                row.update(control=control, values=pair, control_name=control.description or type(control).__name__)
                break
        else:
            notes.append(f"{name}: no control can be nudged")
        built.append(row)
    return built, notes


def nudge_round(row: dict, n: int = NUDGES) -> None:
    """``n`` timed redraws of one explorer, nudging its control back and forth (after two untimed ones)."""
    import contextlib
    import io

    if "control" not in row:
        return
    control, (a, b) = row["control"], row["values"]
    for key in ("times", "cpu", "png", "errors"):
        row.setdefault(key, [])
    with contextlib.redirect_stdout(io.StringIO()):
        for k in range(n + 2):
            with _Probe() as probe:
                t, c = time.perf_counter(), time.process_time()
                control.value = b if k % 2 == 0 else a
                wall, cpu = time.perf_counter() - t, time.process_time() - c
            if k >= 2:
                row["times"].append(1e3 * wall)
                row["cpu"].append(1e3 * cpu)
                row["png"].append(1e3 * probe.png)
                row["errors"] += probe.errors
        control.value = a


def measure_defaults(rounds: int = 3, package: str = "helpers") -> tuple[list[dict], list[str]]:
    functions, notes = explorer_functions(package)
    built, more = build_explorers(functions)
    for _ in range(rounds):  # interleaved: a drift in the machine's load hits every explorer alike
        for row in built:
            nudge_round(row)
    results = []
    for row in built:
        times = row.get("times", [])
        results.append(
            {
                "explorer": row["explorer"],
                "control": row.get("control_name"),
                "nudge": list(row["values"]) if "values" in row else None,
                "redraws": len(times),
                "median_ms": statistics.median(times) if times else None,
                "worst_ms": max(times) if times else None,
                "median_cpu_ms": statistics.median(row["cpu"]) if times else None,
                "median_png_ms": statistics.median(row["png"]) if times else None,
                "open_ms": row.get("open_ms"),
                "red": sorted(set(row.get("errors", []) + row.get("open_errors", [])))[:3],
                "error": row.get("error"),
            }
        )
    return results, notes + more


def verdict(rows: list[dict], target_ms: float = TARGET_MS) -> tuple[bool, list[str]]:
    """Whether every explorer's median redraw at its defaults is <= target_ms, and one line per explorer.

    A row without a median (the explorer could not be built, or nothing could be nudged) fails, and so does a
    row whose defaults redraw in red (an error message is fast but is not a redraw); an empty table fails.
    """
    lines, ok = [], bool(rows)
    for r in rows:
        med = r.get("median_ms")
        if med is None:
            good, why = False, r.get("error") or "not measured"
        elif r.get("red"):
            good, why = False, f"shown in red at its defaults: {r['red'][0]}"
        else:
            good, why = med <= target_ms, f"{med:.0f} ms median {'<=' if med <= target_ms else '>'} {target_ms:.0f} ms"
        ok = ok and good
        lines.append(f"{'ok  ' if good else 'FAIL'} {r['explorer']}: {why}")
    return ok, lines


def _sweep_for(explorer: str, sweeps: list[dict]) -> dict | None:
    """The sweep row of the draw function an explorer drives: same module, a ranges dict and draw function
    its own source names (as the sweep's discovery reads them)."""
    modname, func = explorer.split(".")
    try:
        src = inspect.getsource(getattr(importlib.import_module(f"helpers.explorers.{modname}"), func))
    except (ImportError, AttributeError, OSError, TypeError):
        return None
    ranges = set(re.findall(r"\b([A-Z][A-Z0-9_]*_RANGES)\b", src))
    draws = set(re.findall(r"\b(draw_\w+)\b", src))
    for r in sweeps:
        mod, draw = r["explorer"].split(".", 1)
        if mod == modname and r["ranges"] in ranges and draw in draws:
            return r
    return None


def _against(path: Path, rounds: int) -> list[dict]:
    """The defaults of another checkout's explorers, measured by this script in a child process."""
    env = dict(os.environ, PYTHONPATH=str(path), MPLBACKEND="Agg")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--defaults-only", "--rounds", str(rounds)],
        env=env,
        cwd=path,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.split("\n@@JSON@@\n", 1)[1])


def _load():
    try:
        return os.getloadavg()
    except (OSError, AttributeError):
        return None


def _cpus() -> int:
    return os.cpu_count() or 1


def _blas_line() -> str:
    os.environ.setdefault("BENCH_NO_TORCH", "1")  # PyTorch plays no part in the widgets
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import common  # sets the thread variables (never the kernel ones) and reads which kernel runs

    info = common.machine_info()
    warning = common.blas_warning(info)
    return common.describe_blas(info) + (f"\nwarning: {warning}" if warning else "")


def _fmt(v) -> str:
    return "-" if v is None else f"{v:.0f}"


def print_defaults(rows: list[dict], sweeps: list[dict], before: dict | None = None) -> None:
    head = f"{'explorer':<42} {'nudged':<14} {'n':>3} {'default':>7} {'worst':>6} {'cpu':>5} {'png':>5}"
    head += f" {'before':>7} {'cpu':>5}" if before is not None else ""
    print(head + f" | {'sweep':>6} {'worst':>6}  <= {TARGET_MS:.0f} ms")
    for r in rows:
        sw = _sweep_for(r["explorer"], sweeps)
        b = (before or {}).get(r["explorer"], {})
        line = f"{r['explorer']:<42} {str(r['control'])[:14]:<14} {r['redraws']:>3} {_fmt(r['median_ms']):>7} "
        line += f"{_fmt(r['worst_ms']):>6} {_fmt(r.get('median_cpu_ms')):>5} {_fmt(r['median_png_ms']):>5}"
        line += f" {_fmt(b.get('median_ms')):>7} {_fmt(b.get('median_cpu_ms')):>5}" if before is not None else ""
        line += f" | {_fmt(sw and sw['median_ms']):>6} {_fmt(sw and sw['worst_ms']):>6}"
        med = r["median_ms"]
        print(line + ("  yes" if med is not None and med <= TARGET_MS and not r["red"] else "  NO"))


def main(argv=None) -> tuple[list[dict], list[dict], bool]:
    import matplotlib

    matplotlib.use("Agg")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="sweep only min, middle and max of each slider")
    parser.add_argument("--rounds", type=int, default=3, help=f"rounds of {NUDGES} redraws at the defaults (3)")
    parser.add_argument("--no-sweep", action="store_true", help="only the defaults (the verdict)")
    parser.add_argument("--defaults-only", action="store_true", help=argparse.SUPPRESS)  # child of --against
    parser.add_argument("--against", type=Path, help="also time the explorers of this checkout (before/after)")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    parser.add_argument("--out", type=Path, help="write the results as JSON to this file")
    args = parser.parse_args(argv or [])
    if args.defaults_only:
        rows, _ = measure_defaults(args.rounds)
        print("\n@@JSON@@\n" + json.dumps(rows))
        return rows, [], verdict(rows)[0]
    blas, load0 = _blas_line(), _load()
    before = None
    if args.against is not None:  # alternate: before, after, before, ... one round each
        rows_by, before_by = {}, {}
        for _ in range(args.rounds):
            for r in _against(args.against.resolve(), 1):
                before_by.setdefault(r["explorer"], []).append(r)
            for r in _against(ROOT, 1):
                rows_by.setdefault(r["explorer"], []).append(r)
        rows = [_merge(v) for v in rows_by.values()]
        before = {k: _merge(v) for k, v in before_by.items()}
        notes = []
    else:
        rows, notes = measure_defaults(args.rounds)
    sweeps = []
    if not args.no_sweep:
        explorers, more = discover()
        sweeps = [measure(ex, quick=args.quick) for ex in explorers]
        notes += more
    load1 = _load()
    ok, lines = verdict(rows)
    print(
        f"Widget redraw (constraint + caption + draw + PNG, as the widget does it); target median <= {TARGET_MS:.0f} ms"
    )
    print(f"load average (1/5/15 min) {load0} at the start, {load1} at the end, on {_cpus()} CPUs")
    print(blas)
    print()
    print(
        f"At the DEFAULT settings (the verdict): each explorer built as in its notebook, one control nudged back and "
        f"forth, {NUDGES} redraws x {args.rounds} rounds; default/worst/cpu/png = median wall, worst wall, median "
        "CPU time of this process and median PNG render (ms); sweep = the sweep's median and worst over the slider ranges, for comparison"
    )
    print_defaults(rows, sweeps, before)
    for line in lines:
        if line.startswith("FAIL"):
            print("  " + line)
    print(f"verdict: {'PASS' if ok else 'FAIL'}: every explorer <= {TARGET_MS:.0f} ms median at its defaults")
    if sweeps:
        print()
        print("Sweep over each slider's range (others at defaults); not the verdict")
        print(f"{'explorer':<44} {'sliders':<34} {'n':>3} {'median':>7} {'worst':>7} {'cpu':>6} {'png':>6}")
        for r in sweeps:
            extra = f"  ({r['invalid']} shown in red)" if r["invalid"] else ""
            print(
                f"{r['explorer']:<44} {','.join(r['sliders'])[:34]:<34} {r['settings']:>3} {_fmt(r['median_ms']):>7} "
                f"{_fmt(r['worst_ms']):>7} {_fmt(r['median_cpu_ms']):>6} {_fmt(r['median_png_ms']):>6}{extra}"
            )
            for f in r["failures"]:
                print(f"    FAILED {f}")
    for n in notes:
        print(f"note: {n}")
    payload = {"blas": blas, "load_average": [load0, load1], "defaults": rows, "before": before, "sweep": sweeps}
    if args.json:
        print(json.dumps(payload, indent=2, default=str))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(payload, indent=2, default=str))
    return rows, sweeps, ok


def _merge(rounds: list[dict]) -> dict:
    """One explorer's rows from several child runs: medians over all their redraws' medians."""
    meds = [r["median_ms"] for r in rounds if r["median_ms"] is not None]
    pngs = [r["median_png_ms"] for r in rounds if r["median_png_ms"] is not None]
    cpus = [r["median_cpu_ms"] for r in rounds if r.get("median_cpu_ms") is not None]
    worst = [r["worst_ms"] for r in rounds if r["worst_ms"] is not None]
    return {
        **rounds[0],
        "redraws": sum(r["redraws"] for r in rounds),
        "median_ms": statistics.median(meds) if meds else None,
        "worst_ms": max(worst) if worst else None,
        "median_png_ms": statistics.median(pngs) if pngs else None,
        "median_cpu_ms": statistics.median(cpus) if cpus else None,
        "red": sorted({e for r in rounds for e in r["red"]})[:3],
    }


if __name__ == "__main__":
    rows, sweeps, ok = main(sys.argv[1:])
    sys.exit(0 if ok and not any(r["failures"] for r in sweeps) else 1)
