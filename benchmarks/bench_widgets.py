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

Target (the collection's widget budget): median redraw < 100 ms at the default sizes.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import pkgutil
import re
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

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
    try:
        from IPython.core.pylabtools import print_figure

        return print_figure(fig, "png", bbox_inches="tight")  # what the inline backend does
    except ImportError:
        import io

        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight")
        return buf.getvalue()


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


def _load():
    try:
        import os

        return os.getloadavg()[0]
    except (OSError, AttributeError):
        return None


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only min, middle and max of each slider")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    parser.add_argument("--out", type=Path, help="write the results as JSON to this file")
    args = parser.parse_args(argv or [])
    explorers, notes = discover()
    results = [measure(ex, quick=args.quick) for ex in explorers]
    load = _load()
    print(
        f"Widget redraw (caption + draw + PNG), target median < {TARGET_MS:.0f} ms"
        + (f"; load average {load:.1f} on {_cpus()} CPUs" if load is not None else "")
    )
    print(
        "wall = what the learner waits; cpu = this process's CPU time (less disturbed by other work); "
        "png = the PNG render inside wall"
    )
    print(f"{'explorer':<44} {'sliders':<34} {'n':>3} {'median':>7} {'worst':>7} {'cpu':>6} {'png':>6}  ok")
    for r in results:
        med = "-" if r["median_ms"] is None else f"{r['median_ms']:.0f}"
        worst = "-" if r["worst_ms"] is None else f"{r['worst_ms']:.0f}"
        extra = f"  ({r['invalid']} shown in red)" if r["invalid"] else ""
        cpu = "-" if r["median_cpu_ms"] is None else f"{r['median_cpu_ms']:.0f}"
        png = "-" if r["median_png_ms"] is None else f"{r['median_png_ms']:.0f}"
        print(
            f"{r['explorer']:<44} {','.join(r['sliders'])[:34]:<34} {r['settings']:>3} {med:>7} {worst:>7} "
            f"{cpu:>6} {png:>6}  {'yes' if r['meets_target'] else 'NO'}{extra}"
        )
        for f in r["failures"]:
            print(f"    FAILED {f}")
    for n in notes:
        print(f"note: {n}")
    if args.json:
        print(json.dumps(results, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    res = main(sys.argv[1:])
    sys.exit(1 if any(r["failures"] for r in res) else 0)
