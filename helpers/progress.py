"""How training shows its progress: a text line per epoch, or a widget bar with live curves.

    from helpers.progress import TextProgress, WidgetProgress, make_progress, plot_history
    history = fit(model, x, y, optimizer=Adam(1e-3), progress=TextProgress())

:func:`helpers.training.fit` never draws anything itself; it calls a *progress
object*, any object with these three methods (duck typing, no base class needed):

    batch(done, text)            after every batch: ``done`` batches so far, a status line
    epoch(history, text)         after every epoch: the History so far, a summary line
    close(text)                  once at the end (also after an error stops training)

``progress="auto"`` picks :class:`WidgetProgress` inside a Jupyter kernel whose
front-end can show ipywidgets (JupyterLab, Notebook 7, VS Code, Colab: the same
test ``tqdm.auto`` makes) and :class:`TextProgress` elsewhere (a terminal, a test).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from .i18n import _

__all__ = [
    "TextProgress",
    "WidgetProgress",
    "make_progress",
    "in_notebook",
    "plot_history",
    "plot_confusion_matrix",
    "PROGRESS_METHODS",
]

PROGRESS_METHODS = ("batch", "epoch", "close")


def in_notebook() -> bool:
    """True inside a Jupyter kernel (any front-end: JupyterLab, Notebook, VS Code, Colab).

    The test ``tqdm.autonotebook`` makes: an IPython shell whose configuration has an
    ``IPKernelApp`` (a kernel, not a terminal IPython), whatever the shell's class is called.
    """
    ip = sys.modules.get("IPython")
    if ip is None:
        return False
    try:
        shell = ip.get_ipython()
        return shell is not None and "IPKernelApp" in shell.config
    except Exception:
        return False


def _widgets_available() -> bool:
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


class TextProgress:
    """One plain line of text per epoch on stdout (works anywhere, no notebook needed)."""

    def batch(self, done: int, text: str) -> None:
        pass

    def epoch(self, history, text: str) -> None:
        print(text, flush=True)

    def close(self, text: str) -> None:
        print(text, flush=True)


class WidgetProgress:
    """An ipywidgets progress bar, a status line, and the live curves redrawn after every epoch."""

    def __init__(self, total_batches: int, plot: bool = True):
        import ipywidgets as widgets
        from IPython.display import display

        self.bar = widgets.IntProgress(
            value=0,
            min=0,
            max=total_batches,
            description=_("training"),
            bar_style="info",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="60%"),
        )
        self.label = widgets.HTML(value=_("starting…"))
        self.out = widgets.Output() if plot else None
        self._last = 0.0
        parts = [widgets.HBox([self.bar, self.label])] + ([self.out] if plot else [])
        display(widgets.VBox(parts))

    def batch(self, done: int, text: str) -> None:
        now = time.perf_counter()
        if now - self._last > 0.1:  # at most 10 updates a second
            self.bar.value = done
            self.label.value = text
            self._last = now

    def epoch(self, history, text: str) -> None:
        self.label.value = text
        if self.out is not None:
            import matplotlib.pyplot as plt
            from IPython.display import display

            fig = plot_history(history)
            with self.out:
                self.out.clear_output(wait=True)
                display(fig)
            plt.close(fig)

    def close(self, text: str) -> None:
        self.bar.value = self.bar.max
        self.bar.bar_style = "success" if text.startswith(("done", _("done"))) else "danger"
        self.label.value = text


def make_progress(progress, total_batches: int, plot: bool):
    """The progress object for ``fit(progress=...)``: "auto", "text", "widget", False/None, or an object."""
    if progress is False or progress is None:
        return None
    if isinstance(progress, str):
        if progress == "text" or not (in_notebook() and _widgets_available()):  # "widget" needs a kernel
            return TextProgress()
        try:
            return WidgetProgress(total_batches, plot)
        except Exception:  # no widget front-end after all: fall back to text
            return TextProgress()
    return progress


def plot_history(history, *, target: float | None = 0.97):
    """Two panels: loss (per batch, and per epoch) and accuracy per epoch (training and held-out)."""
    import matplotlib.pyplot as plt

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.4))
    if history.batch_loss:
        steps = np.arange(1, len(history.batch_loss) + 1)
        per_epoch = len(history.batch_loss) / max(1, len(history.epoch))
        ax_loss.plot(steps / per_epoch, history.batch_loss, color="0.7", lw=0.8, label=_("each batch"))
    if history.epoch:
        ax_loss.plot(history.epoch, history.train_loss, "o-", label=_("training (epoch mean)"))
        if history.val_loss:
            ax_loss.plot(history.epoch, history.val_loss, "s--", label=_("held-out"))
    ax_loss.set_xlabel(_("epoch"))
    ax_loss.set_ylabel(_("cross-entropy loss"))
    ax_loss.set_yscale("log")
    ax_loss.set_title(_("loss"))
    ax_loss.legend(fontsize=8)
    if history.epoch:
        ax_acc.plot(history.epoch, history.train_acc, "o-", label=_("training (while learning)"))
        if history.val_acc:
            ax_acc.plot(history.epoch, history.val_acc, "s--", label=_("held-out"))
    if target is not None:
        ax_acc.axhline(target, color="k", lw=0.8, ls=":", label=_("target {target:.0%}").format(target=target))
    ax_acc.set_xlabel(_("epoch"))
    ax_acc.set_ylabel(_("accuracy"))
    ax_acc.set_title(_("accuracy"))
    lo = min([0.9] + list(history.train_acc) + list(history.val_acc))
    ax_acc.set_ylim(max(0.0, lo - 0.01), 1.0)
    ax_acc.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def plot_confusion_matrix(cm, *, title=None):
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
    ax.set_xlabel(_("predicted digit"))
    ax.set_ylabel(_("true digit"))
    ax.set_title(_("confusion matrix (held-out digits)") if title is None else title, fontsize=10)
    fig.tight_layout()
    return fig
