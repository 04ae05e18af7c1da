"""bench_widgets' verdict: every explorer <= 100 ms median at its DEFAULT settings (issue 11).

Made-up timing tables only (speed is measured by the benchmark script, never in a unit test).
Importing the script has no side effects: matplotlib's backend and the thread variables are set in main().
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench_widgets  # noqa: E402


def row(name, median, red=(), error=None):
    return {"explorer": name, "median_ms": median, "red": list(red), "error": error}


def test_all_at_or_under_the_target_pass():
    ok, lines = bench_widgets.verdict([row("a.a_explorer", 40.0), row("b.b_explorer", 100.0)])
    assert ok
    assert [line.split()[0] for line in lines] == ["ok", "ok"]


def test_one_slow_explorer_fails_the_verdict_and_is_named():
    ok, lines = bench_widgets.verdict([row("a.a_explorer", 40.0), row("b.b_explorer", 100.5)])
    assert not ok
    assert [line.split()[0] for line in lines] == ["ok", "FAIL"]
    assert "b.b_explorer" in lines[1] and "> 100 ms" in lines[1]


def test_the_target_is_a_parameter():
    table = [row("a.a_explorer", 60.0)]
    assert bench_widgets.verdict(table, target_ms=80)[0]
    assert not bench_widgets.verdict(table, target_ms=50)[0]


def test_unmeasured_red_or_empty_fails():
    assert not bench_widgets.verdict([])[0]
    ok, lines = bench_widgets.verdict([row("a.a_explorer", None, error="TypeError: needs model")])
    assert not ok and "needs model" in lines[0]
    ok, lines = bench_widgets.verdict([row("a.a_explorer", 10.0, red=["kernel larger than input"])])
    assert not ok and "red" in lines[0]


def test_the_verdict_ignores_the_sweep():
    """Only the defaults decide: a fast default passes even if the sweep's worst setting is slow."""
    ok, _ = bench_widgets.verdict([{**row("a.a_explorer", 90.0), "worst_ms": 400.0}])
    assert ok


def test_merge_of_child_runs_takes_the_median_of_their_medians():
    runs = [
        {**row("a.a_explorer", m), "redraws": 7, "worst_ms": w, "median_png_ms": 1.0, "median_cpu_ms": c}
        for m, w, c in ((50.0, 60.0, 40.0), (150.0, 300.0, 45.0), (70.0, 80.0, 50.0))
    ]
    merged = bench_widgets._merge(runs)
    assert merged["median_ms"] == 70.0 and merged["worst_ms"] == 300.0
    assert merged["redraws"] == 21 and merged["median_cpu_ms"] == 45.0
