"""Notebook 09's pictures and explorer: draw functions over their slider ranges, gradients to the input."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import conv_output_size, pool_output_size  # noqa: E402
from helpers.assets import weights_path  # noqa: E402
from helpers.data import load_digits28  # noqa: E402
from helpers.exercises.answers import reveal  # noqa: E402
from helpers.explorers import inside, inside_gradients  # noqa: E402
from helpers.model import simple_convnet  # noqa: E402
from helpers.plotting import figure_texts  # noqa: E402
from helpers.training import evaluate  # noqa: E402
from helpers.zoo import LENET_WEIGHTS, lenet_digits  # noqa: E402


@pytest.fixture(scope="module")
def setup():
    (_, _), (xv, yv) = load_digits28()
    idx = np.concatenate([np.flatnonzero(yv == k)[:2] for k in range(10)])
    model = lenet_digits(rng=np.random.default_rng(0))
    return model, xv[idx], yv[idx]


def _sides():
    c1 = conv_output_size(28, 5)
    p1 = pool_output_size(c1, 2)
    c2 = conv_output_size(p1, 5)
    return {0: c1, 1: c1, 2: p1, 3: c2, 4: c2, 5: pool_output_size(c2, 2)}


def test_ranges_match_the_lenet(setup):
    model, images, _ = setup
    assert inside.map_layers(model) == [0, 1, 2, 3, 4, 5]
    lo, hi, _ = inside.FEATURE_MAP_RANGES["layer"]
    assert (lo, hi) == (0, 5)
    assert inside.FEATURE_MAP_RANGES["filter_index"][1] == model.layers[3].out_channels - 1
    assert inside.FEATURE_MAP_RANGES["digit"][1] == len(images) - 1


def test_shipped_lenet_weights_load_and_classify():
    (_, _), (xv, yv) = load_digits28()
    model = lenet_digits(rng=np.random.default_rng(0)).load(weights_path(LENET_WEIGHTS))
    assert evaluate(model, xv, yv).accuracy >= 0.98


def test_feature_maps_over_every_slider_value(setup):
    model, images, _ = setup
    side = _sides()
    channels = {0: 6, 1: 6, 2: 6, 3: 16, 4: 16, 5: 16}
    lo, hi, _ = inside.FEATURE_MAP_RANGES["digit"]
    for digit in range(lo, hi + 1):
        for layer in range(6):
            maps = inside.feature_maps(model, images[digit], layer)
            assert maps.shape == (channels[layer], side[layer], side[layer])
            if layer in (1, 2, 4, 5):
                assert maps.min() >= 0
    for layer in range(6):
        caption = inside.feature_map_caption(model, layer)
        assert f"output {side[layer]}×{side[layer]}" in caption and f"{channels[layer]} maps" in caption


@pytest.mark.parametrize("layer", range(6))
def test_draw_feature_maps_over_the_ranges(setup, layer):
    model, images, labels = setup
    top = 5 if layer < 3 else 15
    for digit, f in [(0, 0), (19, top), (7, 3)]:
        fig = inside.draw_feature_maps(model, images, digit, layer, f, labels=labels)
        side = _sides()[layer]
        texts = figure_texts(fig)
        assert f"map {f}: output {side}×{side}" in texts and f"input digit {digit} (a {labels[digit]})" in texts
        plt.close(fig)


def test_draw_feature_maps_works_for_the_simple_convnet_too(setup):
    _, images, _ = setup
    fig = inside.draw_feature_maps(simple_convnet(rng=np.random.default_rng(0)), images, 0, 2, 29)
    assert "all 30 maps of layer 2" in figure_texts(fig)
    plt.close(fig)


def test_draw_feature_maps_bad_values(setup):
    model, images, _ = setup
    with pytest.raises(ValueError, match=r"layer must be one of \[0, 1, 2, 3, 4, 5\]"):
        inside.draw_feature_maps(model, images, 0, 7, 0)
    with pytest.raises(ValueError, match="filter_index must be in 0..5"):
        inside.draw_feature_maps(model, images, 0, 0, 6)
    with pytest.raises(ValueError, match="digit must be in 0..19"):
        inside.draw_feature_maps(model, images, 20, 0, 0)


def test_activation_maximisation_increases_the_unit_and_restores_the_model(setup):
    model, _, _ = setup
    for kw in ({}, {"jitter": 2, "blur": 0.8, "decay": 0.004}):
        img, values = inside.activation_maximisation(model, 11, 3, steps=30, **kw)
        assert img.shape == (28, 28) and 0.0 <= img.min() and img.max() <= 1.0
        assert values[-1] > values[0]
        assert model.layers[0].input_grad is False and model.training  # settings restored
    img, values = inside.activation_maximisation(model, 0, 5, at=(10, 10), steps=80)
    w = model.layers[0].params["W"][5, 0]
    clear = np.abs(w) >= 0.25 * np.abs(w).max()
    assert np.all((img[10:15, 10:15][clear] > 0.5) == (w[clear] > 0))  # a single conv cell: the filter's signs


def test_blur_is_a_normalised_gaussian():
    x = np.zeros((1, 1, 15, 15))
    x[0, 0, 7, 7] = 1.0
    y = inside_gradients._blur(x, 1.0)
    assert np.isclose(y.sum(), 1.0)  # mass kept away from the border
    np.testing.assert_allclose(y[0, 0], y[0, 0].T)  # isotropic
    r = np.arange(15) - 7
    expected = np.exp(-(r[:, None] ** 2 + r[None] ** 2) / 2)
    expected[np.abs(r)[:, None].repeat(15, 1) > 2] = 0  # the kernel has 2*2+1 taps
    expected[:, np.abs(r) > 2] = 0
    np.testing.assert_allclose(y[0, 0], expected / expected.sum(), atol=1e-12)


def test_backward_from_needs_the_input_gradient(setup):
    model, images, _ = setup
    out = model.forward(images[:1], upto=0)
    with pytest.raises(ValueError, match="input_grad"):
        inside.backward_from(model, 0, np.ones_like(out))


def test_receptive_field_matches_the_input_gradient(setup):
    model, images, _ = setup
    model.layers[0].input_grad = True
    try:
        for layer in (0, 1, 2, 3, 4, 5):
            size, jump, offset = inside.receptive_field(model, layer)
            out = model.forward(images[:1] * 0 + 1.0, upto=layer)  # all-ink input: no dead ReLU
            i, j = out.shape[2] // 2, out.shape[3] // 2
            dout = np.zeros_like(out)
            dout[0, :, i, j] = 1.0
            g = inside.backward_from(model, layer, dout)[0, 0]
            rows, cols = np.nonzero(g)
            # the non-zero gradient lies inside the receptive field (and fills its extent)
            assert rows.min() >= offset + i * jump and rows.max() < offset + i * jump + size
            assert cols.min() >= offset + j * jump and cols.max() < offset + j * jump + size
            assert rows.max() - rows.min() + 1 >= size - jump + 1
    finally:
        model.layers[0].input_grad = False
    assert inside.receptive_field(model, 4)[0] == 14


def test_top_patches_are_the_receptive_fields_of_the_maxima(setup):
    model, images, _ = setup
    for layer, unit in [(1, 2), (4, 7)]:
        patches, idx, cells, values = inside.top_patches(model, images, layer, unit, k=5)
        size, jump, offset = inside.receptive_field(model, layer)
        assert patches.shape == (5, size, size) and np.all(np.diff(values) <= 0)
        maps = model.forward(images, upto=layer)[:, unit]
        for p, n, (i, j), v in zip(patches, idx, cells, values):
            assert maps[n, i, j] == v == maps[n].max()
            r0, c0 = offset + i * jump, offset + j * jump
            np.testing.assert_array_equal(p, images[n, 0, r0 : r0 + size, c0 : c0 + size])


def test_pool_routing_sends_one_gradient_per_window(setup):
    model, images, _ = setup
    for f in (0, 5):
        before, pooled, routed = inside.pool_routing(model, images[4], f)
        assert before.shape == (24, 24) and pooled.shape == (12, 12)
        np.testing.assert_array_equal(routed.reshape(12, 2, 12, 2).sum(axis=(1, 3)), np.ones((12, 12)))
        np.testing.assert_array_equal(pooled, before.reshape(12, 2, 12, 2).max(axis=(1, 3)))
        assert np.all(before[routed == 1] == np.repeat(np.repeat(pooled, 2, 0), 2, 1)[routed == 1])


def test_gradient_share_counts_what_relu_lets_through(setup):
    model, images, _ = setup
    routed, nonzero = inside.gradient_share(model, images[4])
    np.testing.assert_array_equal(routed, np.full(6, 0.25))
    # oracle: backpropagate ones through the pool AND the ReLU, count the non-zero cells
    x = images[4:5]
    pre = model.forward(x, upto=0)
    relu_out = model.layers[1].forward(pre)
    pooled = model.layers[2].forward(relu_out)
    d = model.layers[1].backward(model.layers[2].backward(np.ones_like(pooled)))[0]
    np.testing.assert_allclose(nonzero, (d != 0).mean(axis=(1, 2)))
    assert np.all(nonzero < 0.25)


def test_filter_correlations():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((4, 1, 5, 5))
    np.testing.assert_allclose(inside.filter_correlations(W, 3 * W + 1), np.ones(4))
    np.testing.assert_allclose(inside.filter_correlations(W, -W), -np.ones(4))
    V = rng.standard_normal((4, 1, 5, 5))
    expected = [np.corrcoef(W[k].ravel(), V[k].ravel())[0, 1] for k in range(4)]
    np.testing.assert_allclose(inside.filter_correlations(W, V), expected)


def test_other_figures_draw(setup):
    model, images, labels = setup
    W = model.layers[0].params["W"]
    fig = inside.draw_filters(W, lim=2.0)
    assert "±2.00" in figure_texts(fig)
    plt.close(fig)
    for fig in (
        inside.draw_digits(images, [str(v) for v in labels]),
        inside.draw_shifts(images[0]),
        inside.draw_layer_by_layer(model, images[0]),
        inside.draw_top_patches(model, images, 4, range(3), k=4),
        inside.draw_pool_routing(model, images, 3, 5),
    ):
        assert fig.axes
        plt.close(fig)
    fig = inside.draw_pool_routing(model, images, 3, 5)
    _, nonzero = inside.gradient_share(model, images[3])
    assert f"{round(nonzero[5] * 576)} of 576 cells get a non-zero" in figure_texts(fig)
    plt.close(fig)
    top = inside.top_activating(model, images, 1, 2, k=4)
    assert len(top) == 4 and len(set(top)) == 4


def test_explorer_builds_and_the_map_slider_follows_the_layer(setup):
    model, images, labels = setup
    box = inside.feature_map_explorer(model, images, labels)
    sliders = box.children[0].children
    assert [s.max for s in sliders] == [19, 5, 5]
    sliders[1].value = 4
    assert sliders[2].max == 15
    sliders[1].value = 1
    assert sliders[2].max == 5
    plt.close("all")


def test_new_exercises_hint_only_wrong_answers_and_match_the_notebook_models(capsys):
    from helpers.exercises import _REGISTRY, _load_banks, check
    from helpers.layers import Conv2D, Flatten, Linear, MaxPool2D, ReLU
    from helpers.model import Sequential

    _load_banks()
    for eid in (
        "pool_output_shape_floor",
        "cifar_conv2_params_12",
        "lenet_pool2_shape_36",
        "lenet_nonnegative_layers",
        "pool3_max_gradient_cells",
    ):
        ex = _REGISTRY[eid]
        expected = reveal(eid)
        assert expected not in ex.hints, eid
        for wrong in ex.hints:
            assert not check(eid, wrong).passed
    assert (
        reveal("pool_output_shape_floor") == (32, pool_output_size(14, 3, 2), pool_output_size(14, 3, 2)) == (32, 6, 6)
    )
    assert lenet_digits().summary((1, 36, 36)).output_shapes[5] == reveal("lenet_pool2_shape_36")
    assert Conv2D(12, 16, 5).params["W"].size + 16 == reveal("cifar_conv2_params_12")

    # the notebook-08 buggy digit net: the fix with Flatten passes, the unfixed one does not
    def buggy():
        return Sequential(
            Conv2D(1, 8, 3),
            ReLU(),
            MaxPool2D(2),
            Conv2D(8, 12, 3),
            ReLU(),
            MaxPool2D(2),
            Linear(400, 10),
        )

    def fixed():
        return Sequential(
            Conv2D(1, 8, 3),
            ReLU(),
            MaxPool2D(2),
            Conv2D(8, 12, 3),
            ReLU(),
            MaxPool2D(2),
            Flatten(),
            Linear(300, 10),
        )

    assert not check("fix_the_digit_net", buggy).passed
    assert check("fix_the_digit_net", fixed).passed
    capsys.readouterr()


def test_colour_maps_come_with_a_colour_bar_on_the_drawn_scale(setup):
    """Notebook 09's figures that colour values (RdBu_r) carry a labelled colour bar whose range is the drawn one."""
    model, images, _ = setup
    fig = inside.draw_layer_by_layer(model, images[0])
    (bar,) = [ax for ax in fig.axes if ax.get_ylabel().startswith("value ÷ largest |value|")]
    maps = [im for ax in fig.axes if ax is not bar for im in ax.get_images() if im.get_cmap().name == "RdBu_r"]
    assert maps and all(im.get_clim() == (-1, 1) for im in maps)
    peaks = [float(np.abs(im.get_array()).max()) for im in maps]  # each map divided by its own max |value|
    assert all(p == pytest.approx(1) or p == 0 for p in peaks) and peaks.count(0) < len(peaks) / 2
    plt.close(fig)
    fig = inside.draw_pool_routing(model, images, 3, 5)
    (bar,) = [ax for ax in fig.axes if ax.get_ylabel().startswith("value of the map")]
    before, _, _ = inside.pool_routing(model, images[3], 5)
    assert bar.get_ylim() == pytest.approx((-np.abs(before).max(), np.abs(before).max()))
    assert "max pooling of ReLU map 5 of digit 3" in figure_texts(fig)
    plt.close(fig)
