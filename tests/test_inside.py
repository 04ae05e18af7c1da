"""Notebook 09's pictures and explorer: draw functions over their slider ranges, gradients to the input."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import conv_output_size, pool_output_size  # noqa: E402
from helpers.data import load_digits28  # noqa: E402
from helpers.explorers import inside  # noqa: E402
from helpers.model import simple_convnet  # noqa: E402


@pytest.fixture(scope="module")
def setup():
    (_, _), (xv, yv) = load_digits28()
    idx = np.concatenate([np.flatnonzero(yv == k)[:2] for k in range(10)])
    model = simple_convnet(rng=np.random.default_rng(0), dtype=np.float32)
    return model, xv[idx], yv[idx]


def test_ranges_match_the_simple_convnet(setup):
    model, images, _ = setup
    assert inside.map_layers(model) == [0, 1, 2]
    lo, hi, _ = inside.FEATURE_MAP_RANGES["layer"]
    assert (lo, hi) == (0, 2)
    assert inside.FEATURE_MAP_RANGES["filter_index"][1] == model.layers[0].out_channels - 1
    assert inside.FEATURE_MAP_RANGES["digit"][1] == len(images) - 1


def test_feature_maps_over_every_slider_value(setup):
    model, images, _ = setup
    side = {0: conv_output_size(28, 5), 1: conv_output_size(28, 5), 2: pool_output_size(conv_output_size(28, 5), 2)}
    lo, hi, _ = inside.FEATURE_MAP_RANGES["digit"]
    for digit in range(lo, hi + 1):
        for layer in range(3):
            maps = inside.feature_maps(model, images[digit], layer)
            assert maps.shape == (30, side[layer], side[layer])
            if layer > 0:
                assert maps.min() >= 0
    for layer in range(3):
        caption = inside.feature_map_caption(model, layer)
        assert f"output {side[layer]}×{side[layer]}" in caption and "30 maps" in caption


@pytest.mark.parametrize("layer", [0, 1, 2])
def test_draw_feature_maps_over_the_ranges(setup, layer):
    model, images, labels = setup
    for digit, f in [(0, 0), (19, 29), (7, 15)]:
        fig = inside.draw_feature_maps(model, images, digit, layer, f, labels=labels)
        side = 12 if layer == 2 else 24
        titles = " ".join(ax.get_title() for ax in fig.axes)
        assert f"output {side}×{side}" in titles
        plt.close(fig)


def test_draw_feature_maps_bad_values(setup):
    model, images, _ = setup
    with pytest.raises(ValueError, match=r"layer must be one of \[0, 1, 2\]"):
        inside.draw_feature_maps(model, images, 0, 4, 0)
    with pytest.raises(ValueError, match="filter_index must be in 0..29"):
        inside.draw_feature_maps(model, images, 0, 0, 30)
    with pytest.raises(ValueError, match="digit must be in 0..19"):
        inside.draw_feature_maps(model, images, 20, 0, 0)


def test_activation_maximisation_increases_the_unit_and_restores_the_model(setup):
    model, _, _ = setup
    img, values = inside.activation_maximisation(model, 6, 3, steps=30)
    assert img.shape == (28, 28) and 0.0 <= img.min() and img.max() <= 1.0
    assert values[-1] > values[0]
    assert model.layers[0].input_grad is False and model.training      # settings restored
    img, values = inside.activation_maximisation(model, 0, 5, at=(12, 12), steps=80)
    w = model.layers[0].params["W"][5, 0]
    clear = np.abs(w) >= 0.25 * np.abs(w).max()
    assert np.all((img[12:17, 12:17][clear] > 0.5) == (w[clear] > 0))   # a single conv cell: the filter's signs


def test_backward_from_needs_the_input_gradient(setup):
    model, images, _ = setup
    out = model.forward(images[:1], upto=0)
    with pytest.raises(ValueError, match="input_grad"):
        inside.backward_from(model, 0, np.ones_like(out))


def test_pool_routing_sends_one_gradient_per_window(setup):
    model, images, _ = setup
    for f in (0, 29):
        before, pooled, routed = inside.pool_routing(model, images[4], f)
        assert before.shape == (24, 24) and pooled.shape == (12, 12)
        np.testing.assert_array_equal(routed.reshape(12, 2, 12, 2).sum(axis=(1, 3)), np.ones((12, 12)))
        np.testing.assert_array_equal(pooled, before.reshape(12, 2, 12, 2).max(axis=(1, 3)))
        assert np.all(before[routed == 1] == np.repeat(np.repeat(pooled, 2, 0), 2, 1)[routed == 1])


def test_other_figures_draw(setup):
    model, images, labels = setup
    for fig in (inside.draw_digits(images, [str(v) for v in labels]),
                inside.draw_filters(model.layers[0].params["W"]),
                inside.draw_shifts(images[0]),
                inside.draw_layer_by_layer(model, images[0]),
                inside.draw_pool_routing(model, images, 3, 7)):
        assert fig.axes
        plt.close(fig)
    top = inside.top_activating(model, images, 1, 2, k=4)
    assert len(top) == 4 and len(set(top)) == 4


def test_explorer_builds(setup):
    model, images, labels = setup
    box = inside.feature_map_explorer(model, images, labels)
    sliders = box.children[0].children
    assert [s.max for s in sliders] == [19, 2, 29]
    plt.close("all")
