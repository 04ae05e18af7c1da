"""Training loop with a progress bar and live curves, evaluation, and a confusion matrix.

    from helpers.training import fit, evaluate, confusion_matrix
    history = fit(model, x_train, y_train, optimizer=Adam(1e-3), epochs=8, batch_size=100,
                  x_val=x_test, y_val=y_test, augment=2, seed=0)
    history.val_acc[-1], history.seconds[-1]      # held-out accuracy, seconds of training so far

In JupyterLab the progress is an ipywidgets progress bar with live loss and
accuracy curves under it (no extra package); elsewhere (a terminal, a test) it
is one plain line of text per epoch; ``progress=False`` is silent.

Times in the history count training only (forward, backward, update and
augmentation), not the evaluation on the held-out set or the drawing.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

import numpy as np

from .layers import SoftmaxCrossEntropy

__all__ = [
    "fit",
    "blas_threads",
    "evaluate",
    "Evaluation",
    "History",
    "confusion_matrix",
    "plot_history",
    "plot_confusion_matrix",
    "in_notebook",
]


@dataclass
class History:
    """What happened during :func:`fit`, one entry per epoch (``batch_loss``: one per batch)."""

    epoch: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)  # mean loss over the epoch's batches (training mode)
    train_acc: list = field(default_factory=list)  # accuracy on those batches while training
    val_loss: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    seconds: list = field(default_factory=list)  # cumulative training seconds at the end of each epoch
    batch_loss: list = field(default_factory=list)

    def time_to(self, accuracy: float):
        """Training seconds until the held-out accuracy first reached ``accuracy`` (None if never)."""
        for acc, sec in zip(self.val_acc, self.seconds):
            if acc >= accuracy:
                return sec
        return None

    @property
    def epoch_seconds(self) -> list:
        return list(np.diff([0.0] + list(self.seconds)))

    def as_dict(self) -> dict:
        return {k: list(v) for k, v in self.__dict__.items()}


@dataclass
class Evaluation:
    loss: float
    accuracy: float

    def __iter__(self):
        return iter((self.loss, self.accuracy))


def _check_data(x, y, func, names=("x", "y")):
    x = np.asarray(x)
    y = np.asarray(y)
    if len(x) != len(y):
        raise ValueError(
            f"{func}: {names[0]} has {len(x)} examples but {names[1]} has {len(y)} labels; they must match one to one"
        )
    if len(x) == 0:
        raise ValueError(f"{func}: {names[0]} is empty")
    return x, y


def evaluate(model, x, y, *, loss_fn=None, batch_size: int = 500) -> Evaluation:
    """Mean loss and accuracy of ``model`` on (x, y), in eval mode (restored afterwards), in batches."""
    x, y = _check_data(x, y, "evaluate")
    loss_fn = SoftmaxCrossEntropy() if loss_fn is None else loss_fn
    was = getattr(model, "training", True)
    model.eval()
    total_loss, correct = 0.0, 0
    try:
        for i in range(0, len(x), batch_size):
            logits = model.forward(x[i : i + batch_size])
            yb = y[i : i + batch_size]
            total_loss += loss_fn.forward(logits, yb) * len(yb)
            correct += int((logits.argmax(axis=1) == yb).sum())
    finally:
        if was:
            model.train()
    return Evaluation(total_loss / len(x), correct / len(x))


def confusion_matrix(y_true, y_pred, num_classes: int | None = None) -> np.ndarray:
    """(K, K) counts: row = true class, column = predicted class (混同行列). The diagonal is correct."""
    y_true = np.asarray(y_true).astype(np.int64)
    y_pred = np.asarray(y_pred).astype(np.int64)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"confusion_matrix: y_true {y_true.shape} and y_pred {y_pred.shape} must have one prediction per label"
        )
    K = int(max(y_true.max(initial=-1), y_pred.max(initial=-1)) + 1) if num_classes is None else int(num_classes)
    if y_true.size and (min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= K):
        raise ValueError(f"confusion_matrix: classes must be 0..{K - 1}")
    return np.bincount(y_true * K + y_pred, minlength=K * K).reshape(K, K)


# --------------------------------------------------------------------------- progress display


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where widgets can be shown)."""
    ip = sys.modules.get("IPython")
    if ip is None:
        return False
    try:
        shell = ip.get_ipython()
    except Exception:
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class _TextProgress:
    """One line per epoch on stdout."""

    def __init__(self, total_batches, epochs):
        self.epochs = epochs

    def batch(self, done, text):
        pass

    def epoch(self, history, text):
        print(text, flush=True)

    def close(self, text):
        print(text, flush=True)


class _WidgetProgress:
    """An ipywidgets progress bar, a status line, and the live curves redrawn after every epoch."""

    def __init__(self, total_batches, epochs, plot):
        import ipywidgets as widgets
        from IPython.display import display

        self.bar = widgets.IntProgress(
            value=0,
            min=0,
            max=total_batches,
            description="training",
            bar_style="info",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="60%"),
        )
        self.label = widgets.HTML(value="starting…")
        self.out = widgets.Output() if plot else None
        self._last = 0.0
        parts = [widgets.HBox([self.bar, self.label])] + ([self.out] if plot else [])
        display(widgets.VBox(parts))

    def batch(self, done, text):
        now = time.perf_counter()
        if now - self._last > 0.1:  # at most 10 updates a second
            self.bar.value = done
            self.label.value = text
            self._last = now

    def epoch(self, history, text):
        self.label.value = text
        if self.out is not None:
            import matplotlib.pyplot as plt
            from IPython.display import display

            fig = plot_history(history)
            with self.out:
                self.out.clear_output(wait=True)
                display(fig)
            plt.close(fig)

    def close(self, text):
        self.bar.value = self.bar.max
        self.bar.bar_style = "success"
        self.label.value = text


def _make_progress(progress, total_batches, epochs, plot):
    if progress is False or progress is None:
        return None
    if progress == "text" or not in_notebook():
        return _TextProgress(total_batches, epochs)
    try:
        return _WidgetProgress(total_batches, epochs, plot)
    except Exception:  # no ipywidgets front-end: fall back to text
        return _TextProgress(total_batches, epochs)


# --------------------------------------------------------------------------- the loop


def blas_threads(n: int | None):
    """A context that limits numpy's BLAS threads to ``n`` (None: no change).

    Uses ``threadpoolctl`` (installed with scikit-learn) when it is there; otherwise does nothing.
    """
    from contextlib import nullcontext

    if n is None:
        return nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        return nullcontext()
    return threadpool_limits(limits=int(n), user_api="blas")


def fit(
    model,
    x_train,
    y_train,
    *,
    optimizer,
    epochs: int = 5,
    batch_size: int = 100,
    x_val=None,
    y_val=None,
    loss_fn=None,
    augment=None,
    seed=0,
    progress="auto",
    plot=True,
    target_accuracy=None,
    lr_schedule: dict | None = None,
    history: History | None = None,
    threads: int | None = None,
) -> History:
    """Train ``model`` with mini-batches (ミニバッチ); evaluate on (x_val, y_val) after every epoch.

    x_train (N, ...), y_train (N,) int labels;  batch_size examples per update, reshuffled every epoch.
    optimizer : SGD or Adam (updates the model's params in place)
    augment : None, an int m (shift each training image by up to m pixels, ``data.random_shift``),
        or a callable ``(x_batch, rng) -> x_batch``
    seed : seeds the shuffling and augmentation (the model's initial weights come from its own rng)
    progress : "auto" (a widget in a notebook, text elsewhere), "text", or False
    plot : draw live loss / accuracy curves under the progress bar (notebook only)
    target_accuracy : stop as soon as the held-out accuracy reaches it
    lr_schedule : {epoch: learning rate}, e.g. {13: 1e-4}: from epoch 13 on (counting from 1) the
        optimizer's ``lr`` is 1e-4 (learning-rate decay: smaller, calmer steps at the end)
    history : continue an existing History (epochs and seconds keep counting)
    threads : limit numpy's BLAS to this many threads while training (None: numpy's default). With
        batches of 100 the matrix products are small; on a busy shared machine one thread avoids
        threads waiting for each other and is often several times faster.
    returns a :class:`History`.
    """
    with blas_threads(threads):
        return _fit(
            model,
            x_train,
            y_train,
            optimizer=optimizer,
            epochs=epochs,
            batch_size=batch_size,
            x_val=x_val,
            y_val=y_val,
            loss_fn=loss_fn,
            augment=augment,
            seed=seed,
            progress=progress,
            plot=plot,
            target_accuracy=target_accuracy,
            lr_schedule=lr_schedule,
            history=history,
        )


def _fit(
    model,
    x_train,
    y_train,
    *,
    optimizer,
    epochs,
    batch_size,
    x_val,
    y_val,
    loss_fn,
    augment,
    seed,
    progress,
    plot,
    target_accuracy,
    lr_schedule,
    history,
) -> History:
    x_train, y_train = _check_data(x_train, y_train, "fit", ("x_train", "y_train"))
    has_val = x_val is not None
    if has_val:
        x_val, y_val = _check_data(x_val, y_val, "fit", ("x_val", "y_val"))
    if target_accuracy is not None and not has_val:
        raise ValueError("fit: target_accuracy needs held-out data: pass x_val and y_val")
    if int(batch_size) < 1:
        raise ValueError(f"fit: batch_size must be >= 1, got {batch_size}")
    loss_fn = SoftmaxCrossEntropy() if loss_fn is None else loss_fn
    rng = np.random.default_rng(seed)
    if augment is None or augment is False or augment == 0:
        aug = None
    elif callable(augment):
        aug = augment
    else:
        from .data import random_shift

        m = int(augment)
        aug = lambda xb, r: random_shift(xb, m, rng=r)  # noqa: E731

    N = len(x_train)
    batches = (N + batch_size - 1) // batch_size
    hist = History() if history is None else history
    start_epoch = hist.epoch[-1] if hist.epoch else 0
    trained = hist.seconds[-1] if hist.seconds else 0.0
    bar = _make_progress(progress, epochs * batches, epochs, plot and has_val)
    model.train()
    schedule = {} if lr_schedule is None else dict(lr_schedule)
    for e in range(1, epochs + 1):
        if start_epoch + e in schedule:
            optimizer.lr = float(schedule[start_epoch + e])
        t0 = time.perf_counter()
        order = rng.permutation(N)
        loss_sum, correct = 0.0, 0
        for b in range(batches):
            idx = order[b * batch_size : (b + 1) * batch_size]
            xb, yb = x_train[idx], y_train[idx]
            if aug is not None:
                xb = aug(xb, rng)
            logits = model.forward(xb)
            loss = loss_fn.forward(logits, yb)
            model.backward(loss_fn.backward())
            optimizer.step(model)
            loss_sum += loss * len(idx)
            correct += int((logits.argmax(axis=1) == yb).sum())
            hist.batch_loss.append(loss)
            if bar is not None:
                bar.batch(
                    (e - 1) * batches + b + 1,
                    f"epoch {start_epoch + e}/{start_epoch + epochs} · batch {b + 1}/{batches} · loss {loss:.3f}",
                )
        trained += time.perf_counter() - t0
        hist.epoch.append(start_epoch + e)
        hist.train_loss.append(loss_sum / N)
        hist.train_acc.append(correct / N)
        hist.seconds.append(trained)
        text = (
            f"epoch {start_epoch + e}/{start_epoch + epochs}: train loss {loss_sum / N:.4f}, "
            f"train acc {correct / N:.4f}"
        )
        if has_val:
            ev = evaluate(model, x_val, y_val, loss_fn=loss_fn)
            hist.val_loss.append(ev.loss)
            hist.val_acc.append(ev.accuracy)
            text += f", held-out acc {ev.accuracy:.4f}"
        text += f" ({trained:.1f} s of training)"
        if bar is not None:
            bar.epoch(hist, text)
        if target_accuracy is not None and hist.val_acc[-1] >= target_accuracy:
            break
    if bar is not None:
        best = f", best held-out accuracy {max(hist.val_acc):.4f}" if has_val else ""
        bar.close(f"done: {hist.epoch[-1]} epochs in {trained:.1f} s of training{best}")
    return hist


# --------------------------------------------------------------------------- figures


def plot_history(history: History, *, target: float | None = 0.97):
    """Two panels: loss (per batch, and per epoch) and accuracy per epoch (training and held-out)."""
    import matplotlib.pyplot as plt

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.4))
    if history.batch_loss:
        steps = np.arange(1, len(history.batch_loss) + 1)
        per_epoch = len(history.batch_loss) / max(1, len(history.epoch))
        ax_loss.plot(steps / per_epoch, history.batch_loss, color="0.7", lw=0.8, label="each batch")
    if history.epoch:
        ax_loss.plot(history.epoch, history.train_loss, "o-", label="training (epoch mean)")
        if history.val_loss:
            ax_loss.plot(history.epoch, history.val_loss, "s--", label="held-out")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("cross-entropy loss")
    ax_loss.set_yscale("log")
    ax_loss.set_title("loss")
    ax_loss.legend(fontsize=8)
    if history.epoch:
        ax_acc.plot(history.epoch, history.train_acc, "o-", label="training (while learning)")
        if history.val_acc:
            ax_acc.plot(history.epoch, history.val_acc, "s--", label="held-out")
    if target is not None:
        ax_acc.axhline(target, color="k", lw=0.8, ls=":", label=f"target {target:.0%}")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy")
    ax_acc.set_title("accuracy")
    lo = min([0.9] + list(history.train_acc) + list(history.val_acc))
    ax_acc.set_ylim(max(0.0, lo - 0.01), 1.0)
    ax_acc.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def plot_confusion_matrix(cm, *, title="confusion matrix (held-out digits)"):
    """Counts in every cell; rows are the true digit, columns the prediction."""
    import matplotlib.pyplot as plt

    cm = np.asarray(cm)
    K = cm.shape[0]
    fig, ax = plt.subplots(figsize=(5.2, 4.6))
    ax.imshow(np.log1p(cm), cmap="Blues")
    for i in range(K):
        for j in range(K):
            if cm[i, j]:
                ax.text(
                    j,
                    i,
                    str(cm[i, j]),
                    ha="center",
                    va="center",
                    fontsize=8,
                    fontweight="bold" if i != j else "normal",
                    color="white" if i == j and cm[i, j] > cm.max() / 2 else "black",
                )
    ax.set_xticks(range(K))
    ax.set_yticks(range(K))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig
