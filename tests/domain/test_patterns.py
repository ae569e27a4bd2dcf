"""The demo product-photo generator (demo.patterns)."""

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from demo import patterns
from demo.patterns import CRAFT_CODES, render, render_jpeg

SMALL = (320, 240)  # keeps the suite quick; the full-size default is covered once below


def _mean_abs_diff(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def test_craft_codes_are_the_seven_crafts():
    assert CRAFT_CODES == ("carpet", "tableau", "kilim", "fert", "leather", "tailoring", "resin")
    assert set(patterns._RENDERERS) == set(CRAFT_CODES)


@pytest.mark.parametrize("craft", CRAFT_CODES)
def test_same_seed_gives_identical_pixels(craft):
    a = render(craft, 7, SMALL)
    b = render(craft, 7, SMALL)
    assert a.tobytes() == b.tobytes()


def test_determinism_does_not_depend_on_call_order():
    first = render("kilim", 3, SMALL).tobytes()
    for craft in CRAFT_CODES:  # warm every cache in between, other sizes too
        render(craft, 11, (200, 150))
    assert render("kilim", 3, SMALL).tobytes() == first


@pytest.mark.parametrize("craft", CRAFT_CODES)
def test_different_seeds_differ_visibly(craft):
    images = [render(craft, seed, SMALL) for seed in (1, 2, 3)]
    for i in range(len(images)):
        for j in range(i + 1, len(images)):
            assert images[i].tobytes() != images[j].tobytes()
            # "visibly": not just sensor noise, a real change of colours or motifs
            assert _mean_abs_diff(images[i], images[j]) > 4.0


def test_crafts_differ_from_each_other_for_the_same_seed():
    images = {craft: render(craft, 5, SMALL) for craft in CRAFT_CODES}
    pics = list(images.values())
    for i in range(len(pics)):
        for j in range(i + 1, len(pics)):
            assert _mean_abs_diff(pics[i], pics[j]) > 4.0


@pytest.mark.parametrize("craft", CRAFT_CODES)
@pytest.mark.parametrize("size", [(1200, 900), (640, 480), (480, 640), (150, 100), (16, 16),
                                  (900, 200)])
def test_renders_rgb_at_requested_size(craft, size):
    img = render(craft, 42, size)
    assert img.mode == "RGB"
    assert img.size == size


@pytest.mark.parametrize("craft", CRAFT_CODES)
def test_default_size_is_1200_by_900_and_not_blank(craft):
    img = render(craft, 1)
    assert img.size == (1200, 900)
    assert img.mode == "RGB"
    lo_hi = img.convert("L").getextrema()
    assert lo_hi[1] - lo_hi[0] > 60  # there is an actual picture, not a flat fill


@pytest.mark.parametrize("craft", ["", "Carpet", "rug", "quilt", None])
def test_unknown_craft_raises_value_error(craft):
    with pytest.raises(ValueError, match="unknown craft"):
        render(craft, 1, SMALL)
    with pytest.raises(ValueError, match="unknown craft"):
        render_jpeg(craft, 1, SMALL)


def test_non_positive_size_raises_value_error():
    with pytest.raises(ValueError):
        render("carpet", 1, (0, 100))


@pytest.mark.parametrize("craft", CRAFT_CODES)
def test_jpeg_bytes_decode(craft):
    data = render_jpeg(craft, 9, SMALL)
    assert isinstance(data, bytes)
    assert data[:3] == b"\xff\xd8\xff"
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "JPEG"
        assert img.size == SMALL
        img.load()
        assert img.mode == "RGB"
        # the encoded picture is the rendered one (compared coarsely: JPEG is lossy and the
        # woven textures are all fine detail)
        thumb = (80, 60)
        original = render(craft, 9, SMALL).resize(thumb, Image.Resampling.BOX)
        assert _mean_abs_diff(img.resize(thumb, Image.Resampling.BOX), original) < 3.0


def test_jpeg_is_deterministic_and_honours_quality():
    assert render_jpeg("resin", 4, SMALL) == render_jpeg("resin", 4, SMALL)
    low = render_jpeg("resin", 4, SMALL, quality=30)
    high = render_jpeg("resin", 4, SMALL, quality=95)
    assert len(low) < len(high)


def test_default_jpeg_size():
    with Image.open(io.BytesIO(render_jpeg("carpet", 2))) as img:
        assert img.size == (1200, 900)


def test_global_random_state_is_untouched():
    import random

    random.seed(1234)
    expected = random.random()
    random.seed(1234)
    render("tableau", 3, SMALL)
    assert random.random() == expected
