"""The training loop, evaluation, the confusion matrix and the history figure (small and quick)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import layers as L  # noqa: E402
from helpers.data import load_digits28  # noqa: E402
from helpers.model import Sequential  # noqa: E402
from helpers.optim import SGD, Adam  # noqa: E402
from helpers.training import (
    History,
    TrainingDiverged,
    TrainingWarning,
    confusion_matrix,
    evaluate,
    fit,
    in_notebook,
    plot_confusion_matrix,  # noqa: E402
    plot_history,
)


@pytest.fixture(scope="module")
def small_digits():
    (xt, yt), (xv, yv) = load_digits28()
    return xt[::8], yt[::8], xv[::4], yv[::4]  # 500 training, 250 held-out digits


def small_cnn(seed=0):
    r = np.random.default_rng(seed)
    return Sequential(
        L.Conv2D(1, 6, 5, stride=2, rng=r, dtype=np.float32, input_grad=False),
        L.ReLU(),
        L.MaxPool2D(2),
        L.Flatten(),
        L.Linear(6 * 6 * 6, 32, rng=r, dtype=np.float32),
        L.ReLU(),
        L.Linear(32, 10, rng=r, dtype=np.float32),
    )


def test_fit_learns_the_digits(small_digits, capsys):
    xt, yt, xv, yv = small_digits
    model = small_cnn()
    before = evaluate(model, xv, yv)
    hist = fit(model, xt, yt, optimizer=Adam(5e-3), epochs=6, batch_size=50, x_val=xv, y_val=yv, augment=1, seed=0)
    after = evaluate(model, xv, yv)
    assert before.accuracy < 0.3 and after.accuracy > 0.8, after
    assert hist.epoch == [1, 2, 3, 4, 5, 6] and len(hist.batch_loss) == 6 * 10
    assert hist.train_loss[-1] < hist.train_loss[0]
    assert hist.val_acc[-1] == pytest.approx(after.accuracy)
    assert all(b > a for a, b in zip(hist.seconds, hist.seconds[1:]))
    out = capsys.readouterr().out  # plain text outside a notebook
    assert out.count("epoch ") == 6 and "held-out acc" in out and "done: 6 epochs" in out
    # continuing a history keeps counting
    fit(model, xt, yt, optimizer=SGD(0.01, momentum=0.9), epochs=1, x_val=xv, y_val=yv, history=hist, progress=False)
    assert hist.epoch[-1] == 7 and len(hist.val_acc) == 7
    assert capsys.readouterr().out == ""


def test_fit_is_reproducible(small_digits):
    xt, yt, _, _ = small_digits
    runs = []
    for _ in range(2):
        model = small_cnn(seed=3)
        fit(model, xt[:200], yt[:200], optimizer=Adam(1e-3), epochs=1, batch_size=40, augment=2, seed=5, progress=False)
        runs.append(model[0].params["W"].copy())
    np.testing.assert_array_equal(runs[0], runs[1])


def test_fit_stops_at_the_target(small_digits):
    xt, yt, xv, yv = small_digits
    hist = fit(
        small_cnn(), xt, yt, optimizer=Adam(3e-3), epochs=20, x_val=xv, y_val=yv, target_accuracy=0.5, progress=False
    )
    assert len(hist.epoch) < 20 and hist.val_acc[-1] >= 0.5
    assert hist.time_to(0.5) == hist.seconds[-1] and hist.time_to(1.01) is None


def test_lr_schedule_changes_the_learning_rate(small_digits):
    xt, yt, _, _ = small_digits
    opt = Adam(1e-3)
    lrs = []

    class Spy(Adam):
        def step(self, target):
            lrs.append(self.lr)
            super().step(target)

    opt = Spy(1e-3)
    fit(
        small_cnn(),
        xt[:100],
        yt[:100],
        optimizer=opt,
        epochs=3,
        batch_size=50,
        lr_schedule={2: 1e-4, 3: 5e-5},
        progress=False,
    )
    assert lrs == [1e-3, 1e-3, 1e-4, 1e-4, 5e-5, 5e-5]


def test_fit_argument_errors(small_digits):
    xt, yt, _, _ = small_digits
    with pytest.raises(ValueError, match="500 examples but y_train has 499"):
        fit(small_cnn(), xt, yt[:-1], optimizer=Adam())
    with pytest.raises(ValueError, match="needs held-out data"):
        fit(small_cnn(), xt, yt, optimizer=Adam(), target_accuracy=0.9)


def test_evaluate_restores_the_mode():
    model = Sequential(L.Linear(2, 3, rng=np.random.default_rng(0)), L.Dropout(0.5))
    x, y = np.ones((7, 2)), np.array([0, 1, 2, 0, 1, 2, 0])
    ev = evaluate(model, x, y, batch_size=3)
    assert model.training and 0.0 <= ev.accuracy <= 1.0
    loss, acc = ev
    assert loss == ev.loss
    assert model.predict(x, batch_size=3).shape == (7,) and model.training


def test_confusion_matrix():
    cm = confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1], num_classes=4)
    np.testing.assert_array_equal(cm, [[1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 2, 0], [0, 0, 0, 0]])
    assert confusion_matrix([0, 3], [3, 3]).shape == (4, 4)
    with pytest.raises(ValueError, match="one prediction per label"):
        confusion_matrix([0, 1], [0])
    with pytest.raises(ValueError, match="classes are 0..1, got 2"):
        confusion_matrix([0, 2], [0, 1], num_classes=2)


def test_figures_draw():
    h = History(
        epoch=[1, 2],
        train_loss=[1.0, 0.5],
        train_acc=[0.8, 0.9],
        val_loss=[0.9, 0.6],
        val_acc=[0.85, 0.95],
        seconds=[1.0, 2.0],
        batch_loss=[1.2, 0.9, 0.6, 0.4],
    )
    fig = plot_history(h)
    assert len(fig.axes) == 2
    plt.close(fig)
    fig = plot_confusion_matrix(np.eye(10, dtype=int) * 90 + 1)
    plt.close(fig)
    assert h.epoch_seconds == [1.0, 1.0]
    assert in_notebook() is False


def test_fit_with_one_blas_thread(small_digits):
    xt, yt, _, _ = small_digits
    hist = fit(small_cnn(), xt[:100], yt[:100], optimizer=Adam(1e-3), epochs=1, threads=1, progress=False)
    assert hist.epoch == [1]
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return
    from helpers.training import blas_threads

    with blas_threads(1):
        assert all(p["num_threads"] == 1 for p in threadpool_info() if p["user_api"] == "blas")


# --------------------------------------------------------------------------- issue 15: bad arguments, divergence

BAD_FIT = [
    (dict(batch_size=2.5), TypeError, "batch_size must be a whole number, got 2.5"),
    (dict(batch_size="50"), TypeError, "batch_size=50, not the text '50'"),
    (dict(batch_size=0), ValueError, "batch_size must be >= 1"),
    (dict(epochs=1.5), TypeError, "epochs must be a whole number, got 1.5"),
    (dict(epochs=0), ValueError, "epochs must be >= 1, got 0"),
    (dict(optimizer=None), TypeError, "optimizer is required"),
    (dict(optimizer=Adam), TypeError, "got the class Adam; call it: optimizer=Adam()"),
    (dict(optimizer="adam"), TypeError, "step\\(model\\) method"),
    (dict(augment=2.7), TypeError, "augment must be a whole number, got 2.7"),
    (dict(augment=-1), ValueError, "augment must be >= 0"),
    (dict(lr_schedule={2: float("nan")}), ValueError, r"lr_schedule\[2\] must be a finite number > 0, got nan"),
    (dict(lr_schedule={1: -1e-3}), ValueError, r"lr_schedule\[1\] must be a finite number > 0"),
    (dict(lr_schedule={0.5: 1e-3}), TypeError, "lr_schedule epoch must be a whole number"),
    (dict(lr_schedule=[1e-3]), TypeError, "lr_schedule must be a dict"),
    (dict(progress="fancy"), ValueError, "progress must be 'auto', 'text' or 'widget'"),
    (dict(progress=42), TypeError, "batch\\(done, text\\)"),
    (dict(threads=0), ValueError, "threads must be >= 1"),
    (dict(history=[]), TypeError, "history must be a History"),
]


@pytest.mark.parametrize("kwargs, exc, message", BAD_FIT, ids=[str(k) for k, _, _ in BAD_FIT])
def test_fit_refuses_bad_arguments_with_a_clear_message(small_digits, kwargs, exc, message):
    xt, yt, _, _ = small_digits
    args = dict(optimizer=Adam(1e-3), epochs=1, progress=False) | kwargs
    model = small_cnn()
    before = model.state_dict()
    with pytest.raises(exc, match=message):
        fit(model, xt[:20], yt[:20], **args)
    assert all(np.array_equal(before[k], v) for k, v in model.state_dict().items())  # nothing trained


@pytest.mark.parametrize("given", ["x_val", "y_val"])
def test_fit_refuses_half_the_held_out_data(small_digits, given):
    xt, yt, xv, yv = small_digits
    kwargs = {"x_val": xv} if given == "x_val" else {"y_val": yv}
    other = "y_val" if given == "x_val" else "x_val"
    with pytest.raises(ValueError, match=f"{given} was given without {other}"):
        fit(small_cnn(), xt[:20], yt[:20], optimizer=Adam(), epochs=1, progress=False, **kwargs)


def test_fit_stops_at_the_first_non_finite_loss(small_digits):
    xt, yt, _, _ = small_digits
    x = xt[:40].copy()
    x[25] = np.nan  # a NaN input makes the loss of the batch holding it NaN, whatever the learning rate
    batch = int(np.flatnonzero(np.random.default_rng(0).permutation(40) == 25)[0]) // 20 + 1  # fit's shuffle
    with pytest.raises(
        TrainingDiverged, match=rf"batch {batch}.*learning rate too high \(lr=0.001\): try 1e-3"
    ) as info:
        fit(small_cnn(), x, yt[:40], optimizer=Adam(1e-3), epochs=3, batch_size=20, progress=False, seed=0)
    assert issubclass(TrainingDiverged, FloatingPointError)
    h = info.value.history
    assert len(h.batch_loss) == batch and np.isfinite(h.batch_loss[:-1]).all() and np.isnan(h.batch_loss[-1])
    assert h.epoch == []  # the epoch that failed is not recorded as done


def test_fit_warns_when_the_loss_explodes(small_digits):
    xt, yt, _, _ = small_digits
    with pytest.warns(TrainingWarning, match=r"grew from .*\(lr=1000\) is probably too high"):
        h = fit(small_cnn(), xt[:200], yt[:200], optimizer=SGD(1e3), epochs=2, progress=False)
    assert max(h.batch_loss) > 100 * h.batch_loss[0]  # the warning told the truth


def test_fit_does_not_warn_on_healthy_training(small_digits, recwarn):
    xt, yt, _, _ = small_digits
    fit(small_cnn(), xt[:200], yt[:200], optimizer=Adam(1e-3), epochs=2, progress=False)
    assert not [w for w in recwarn if issubclass(w.category, TrainingWarning)]


class _Recorder:
    def __init__(self):
        self.calls = []

    def batch(self, done, text):
        self.calls.append(("batch", done))

    def epoch(self, history, text):
        self.calls.append(("epoch", history.epoch[-1]))

    def close(self, text):
        self.calls.append(("close", text.split(":")[0]))


def test_fit_takes_any_progress_object(small_digits, capsys):
    xt, yt, _, _ = small_digits
    rec = _Recorder()
    fit(small_cnn(), xt[:40], yt[:40], optimizer=Adam(), epochs=2, batch_size=20, progress=rec)
    assert rec.calls == [("batch", 1), ("batch", 2), ("epoch", 1), ("batch", 3), ("batch", 4), ("epoch", 2)] + [
        ("close", "done")
    ]
    assert capsys.readouterr().out == ""


def test_text_progress_without_a_notebook(capsys):
    from helpers.progress import TextProgress, make_progress

    assert isinstance(make_progress("auto", 10, True), TextProgress)
    assert isinstance(make_progress("widget", 10, True), TextProgress)  # no kernel here: text, not a crash
    assert not hasattr(TextProgress(), "epochs")


def test_in_notebook_uses_the_kernel_not_the_shell_class(monkeypatch):
    import sys
    import types

    from helpers.progress import in_notebook

    class ColabShell:  # not called ZMQInteractiveShell, but a kernel
        config = {"IPKernelApp": {}}

    class TerminalShell:
        config = {"TerminalIPythonApp": {}}

    for shell, expected in [(ColabShell(), True), (TerminalShell(), False), (None, False)]:
        fake = types.SimpleNamespace(get_ipython=lambda s=shell: s)
        monkeypatch.setitem(sys.modules, "IPython", fake)
        assert in_notebook() is expected


OPTIMIZER_BAD = [
    (SGD, dict(lr=float("inf")), ValueError, "lr .*finite number > 0, got inf"),
    (SGD, dict(lr=float("nan")), ValueError, "got nan"),
    (SGD, dict(momentum="x"), TypeError, "momentum must be a number, got 'x'"),
    (SGD, dict(momentum=1.0), ValueError, r"momentum must be a finite number in \[0, 1\), got 1.0"),
    (SGD, dict(momentum=-0.1), ValueError, "momentum"),
    (Adam, dict(lr=float("inf")), ValueError, "got inf"),
    (Adam, dict(beta1="x"), TypeError, "beta1 must be a number"),
    (Adam, dict(beta1=1.0), ValueError, r"beta1 must be a finite number in \[0, 1\)"),
    (Adam, dict(beta2=2), ValueError, "beta2"),
    (Adam, dict(eps=-1), ValueError, "eps must be a finite number > 0, got -1"),
    (Adam, dict(eps=float("nan")), ValueError, "eps .* got nan"),
    (Adam, dict(eps=0), ValueError, "eps"),
]


@pytest.mark.parametrize(
    "cls, kwargs, exc, message", OPTIMIZER_BAD, ids=[f"{c.__name__}{k}" for c, k, _, _ in OPTIMIZER_BAD]
)
def test_optimizers_check_their_hyper_parameters(cls, kwargs, exc, message):
    with pytest.raises(exc, match=message):
        cls(**kwargs)


def test_setting_lr_later_is_checked_too():
    opt = Adam(1e-3)
    with pytest.raises(ValueError, match="got inf"):
        opt.lr = float("inf")
    opt.lr = 1e-4
    assert opt.lr == 1e-4


def test_confusion_matrix_refuses_fractional_labels():
    with pytest.raises(ValueError, match="whole class numbers, got .*1.7"):
        confusion_matrix([1.7, 0.0], [1, 0])
    with pytest.raises(ValueError, match="whole class numbers"):
        confusion_matrix([1, 0], [np.nan, 0])
    with pytest.raises(TypeError, match="class numbers"):
        confusion_matrix(["a", "b"], [1, 0])
    assert confusion_matrix([1.0, 0.0, 1.0], [1, 0, 0]).tolist() == [[1, 0], [1, 1]]  # whole floats are fine


def test_training_runs_without_matplotlib_or_widgets():
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from helpers import layers as L\n"
        "from helpers.model import Sequential\n"
        "from helpers.optim import Adam\n"
        "from helpers.training import fit, evaluate, confusion_matrix\n"
        "m = Sequential(L.Flatten(), L.Linear(4, 2, rng=np.random.default_rng(0)))\n"
        "x = np.random.default_rng(1).random((20, 1, 2, 2)); y = (x.sum(axis=(1, 2, 3)) > 2).astype(int)\n"
        "fit(m, x, y, optimizer=Adam(1e-2), epochs=2, batch_size=5, x_val=x, y_val=y, progress='text')\n"
        "print(sorted(k for k in ('matplotlib', 'ipywidgets', 'IPython') if k in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.strip().splitlines()
    assert lines[-1] == "[]" and lines[0].startswith("epoch 1/2: train loss") and lines[-2].startswith("done: 2")
