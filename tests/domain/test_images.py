"""The photo pipeline: refusals write nothing, outputs carry no metadata, names are stable."""

import contextvars
import io
import struct
import time
import warnings
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from marketplace.media.pipeline import ImageRejected, delete_files, process_upload, stored_keys
from marketplace.media.storage import LocalStorage

SECRETS = (b"RooyeshTestPhone", b"secret-xmp-marker", b"secret-comment-marker")
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"}


def local_store(root):
    return {"storage": LocalStorage(root, "/media/")}


@pytest.fixture
def dirs(tmp_path):
    """The pipeline's store: a local folder (tests/media/test_storage.py holds S3 to the
    same contract)."""
    return local_store(tmp_path / "store")


def root(dirs):
    return dirs["storage"].root


def upload(data, dirs, **kwargs):
    return process_upload(io.BytesIO(data), **dirs, **kwargs)


def files(root):
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def encode(img, fmt, **params):
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def photo(width, height):
    """A busy picture (gradient plus noise), so JPEG data is not trivially small."""
    grad = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 30)
    return Image.merge("RGB", (grad, noise, grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


def halves(size, first, second, mode="RGB"):
    """Left half `first`, right half `second`."""
    img = Image.new(mode, size, second)
    img.paste(first, (0, 0, size[0] // 2, size[1]))
    return img


def outputs(result, dirs):
    paths = [root(dirs) / v.key for v in result.variants]
    if result.master_key:
        paths.append(root(dirs) / result.master_key)
    return paths


def png_bomb(width, height):
    """A real, flat 1-bit PNG: billions of pixels in a few tens of kilobytes."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = (b"\0" * (1 + (width + 7) // 8)) * 1000
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(rows) for _ in range(height // 1000)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_gps_exif_xmp_icc_comments_and_text_chunks_are_stripped(dirs, fmt):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRETS[0].decode()
    exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (36.0, 17.0, 52.0), 3: "E", 4: (59.0, 36.0, 0.0)}
    xmp = b"<x:xmpmeta>" + SECRETS[1] + b"</x:xmpmeta>"
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", SECRETS[2].decode())
    text.add_itxt("XML:com.adobe.xmp", xmp.decode())
    extra = {"JPEG": {"xmp": xmp, "comment": SECRETS[2]}, "PNG": {"pnginfo": text}}
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(
        photo(1000, 700), fmt, exif=exif, icc_profile=srgb, **extra.get(fmt, {"xmp": xmp})
    )
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert all(secret in data for secret in SECRETS[:2])  # the input does carry them

    result = upload(data, dirs)

    assert len(outputs(result, dirs)) == 5  # master, WebP and JPEG at 320 and 800
    for path in outputs(result, dirs):
        with Image.open(path) as out:
            assert not out.getexif()
            assert not METADATA_KEYS & set(out.info)
            assert not getattr(out, "text", None)  # PNG text chunks
        assert not any(secret in path.read_bytes() for secret in SECRETS)


@pytest.mark.parametrize("keep_master", [True, False])
def test_exif_orientation_6_comes_out_upright(dirs, keep_master):
    # Stored sideways: red on the left, blue on the right; upright, red is on top.
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    data = encode(halves((1000, 600), (255, 0, 0), (0, 0, 255)), "JPEG", exif=exif)

    result = upload(data, dirs, keep_master=keep_master)

    assert (result.width, result.height) == (600, 1000)
    assert [(v.size, v.width, v.height) for v in result.variants[::2]] == [
        (320, 192, 320),
        (800, 480, 800),
    ]
    for path in outputs(result, dirs):
        with Image.open(path) as out:
            (w, h), rgb = out.size, out.convert("RGB")
            top, bottom = rgb.getpixel((w // 2, h // 4)), rgb.getpixel((w // 2, 3 * h // 4))
            assert h > w and top[0] > 200 and top[2] < 60
            assert bottom[2] > 200 and bottom[0] < 60


def test_a_large_turned_jpeg_gives_a_full_size_upright_master_and_the_same_variants(tmp_path):
    # Large enough that the variants come from a reduced frame: reduced by whole factors
    # after the master is written, or decoded at a reduced scale when there is no master.
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    data = encode(halves((3400, 2000), (255, 0, 0), (0, 0, 255)), "JPEG", exif=exif)
    runs = {}
    for keep_master in (True, False):
        target = local_store(tmp_path / f"{keep_master}")
        runs[keep_master] = (upload(data, target, keep_master=keep_master), target)

    (full, full_dirs), (lean, lean_dirs) = runs[True], runs[False]
    assert full.variants == lean.variants
    assert [(v.size, v.width, v.height) for v in full.variants[::2]] == [
        (320, 188, 320),
        (800, 471, 800),
        (1600, 941, 1600),
    ]
    with Image.open(root(full_dirs) / full.master_key) as master:
        assert master.size == (2000, 3400)
        assert master.getpixel((1000, 850))[0] > 200 and master.getpixel((1000, 2550))[2] > 200
    for variant in full.variants:
        with (
            Image.open(root(full_dirs) / variant.key) as one,
            Image.open(root(lean_dirs) / variant.key) as other,
        ):
            assert one.size == other.size == (variant.width, variant.height)
            w, h = one.size
            for out in (one.convert("RGB"), other.convert("RGB")):
                top, bottom = out.getpixel((w // 2, h // 4)), out.getpixel((w // 2, 3 * h // 4))
                assert top[0] > 200 and top[2] < 60 and bottom[2] > 200 and bottom[0] < 60


def test_transparent_png_keeps_alpha(dirs):
    data = encode(halves((500, 300), (0, 0, 0, 0), (0, 160, 0, 255), "RGBA"), "PNG")

    result = upload(data, dirs)

    assert result.has_alpha and result.master_key.endswith(".png")
    assert [v.format for v in result.variants] == ["webp", "png"]
    for path in outputs(result, dirs):
        with Image.open(path) as out:
            w, h = out.size
            assert out.mode == "RGBA"
            assert out.getpixel((w // 4, h // 2))[3] == 0
            assert out.getpixel((3 * w // 4, h // 2))[3] == 255


def test_palette_transparency_counts_but_an_opaque_alpha_channel_does_not(dirs):
    paletted = encode(Image.new("P", (400, 300), 0), "PNG", transparency=0)
    opaque = encode(Image.new("RGBA", (400, 300), (9, 99, 199, 255)), "PNG")

    assert upload(paletted, dirs).has_alpha
    result = upload(opaque, dirs)
    assert not result.has_alpha
    assert [v.format for v in result.variants] == ["webp", "jpeg"]


@pytest.mark.parametrize(
    ("width", "height", "max_pixels"),
    [
        (20_000, 20_000, 50_000_000),  # beyond Pillow's own error threshold
        (8_000, 8_000, 50_000_000),  # below Pillow's warning: only our check stops it
        (10_000, 10_000, 200_000_000),  # Pillow's warning, turned into an error
    ],
)
def test_decompression_bomb_is_refused_from_the_header(
    dirs, monkeypatch, width, height, max_pixels
):
    data = png_bomb(width, height)
    assert len(data) < 100_000
    filters = list(warnings.filters)

    def no_decoding(self):
        raise AssertionError("the bomb was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    started = time.perf_counter()
    with pytest.raises(ImageRejected) as refused:
        upload(data, dirs, max_pixels=max_pixels)
    assert time.perf_counter() - started < 1
    assert refused.value.code == "too_many_pixels"
    assert warnings.filters == filters
    assert not files(root(dirs))


def test_max_pixels_is_a_parameter(dirs):
    with pytest.raises(ImageRejected, match="too_many_pixels"):
        upload(encode(photo(400, 300), "PNG"), dirs, max_pixels=400 * 300 - 1)


@pytest.mark.parametrize("keep_master", [True, False])
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_file_is_corrupt(dirs, fmt, keep_master):
    data = encode(photo(800, 600), fmt)
    with pytest.raises(ImageRejected) as refused:
        upload(data[: len(data) * 2 // 3], dirs, keep_master=keep_master)
    assert refused.value.code == "corrupt"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert not files(root(dirs))


def frames(fmt, size=(64, 48)):
    second = Image.new("RGB", size, "black")
    return encode(Image.new("RGB", size, "red"), fmt, save_all=True, append_images=[second])


NOT_IMAGES = {  # each named .jpg by its uploader, none of them an image
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "html": b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>",
    "eps": b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n",
    "pdf": b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF",
    "elf": b"\x7fELF\x02\x01\x01" + bytes(200),
    "exe": b"MZ\x90\x00\x03" + bytes(200) + b"This program cannot be run in DOS mode",
    "gif": encode(Image.new("RGB", (64, 48), "red"), "GIF"),
    "animated gif": frames("GIF"),
}
REFUSED = {name: (data, "unsupported") for name, data in NOT_IMAGES.items()} | {
    "empty": (b"", "empty"),
    "animated webp": (frames("WEBP"), "animated"),
    "apng": (frames("PNG"), "animated"),
    "jpeg header only": (encode(photo(64, 48), "JPEG")[:200], "corrupt"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_refused_uploads_write_nothing(dirs, name):
    data, code = REFUSED[name]
    with pytest.raises(ImageRejected) as refused:
        upload(data, dirs)
    assert refused.value.code == code
    assert str(refused.value.message)  # a readable (lazy, translatable) sentence
    assert not files(root(dirs))


def test_too_large_reads_no_more_than_the_cap(dirs):
    class Endless(io.RawIOBase):
        given = 0

        def readinto(self, buffer):
            buffer[:] = b"\xff" * len(buffer)
            self.given += len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(ImageRejected) as refused:
        process_upload(stream, **dirs, max_bytes=5 * 2**20)
    assert refused.value.code == "too_large"
    assert "5 MB" in _english(refused.value.message)
    assert stream.given == 5 * 2**20 + 1
    assert not files(root(dirs))


def test_same_bytes_twice_give_the_same_files_unchanged(dirs):
    data = encode(photo(1800, 1200), "JPEG")
    first = upload(data, dirs)
    stored = {p: p.stat().st_mtime_ns for p in files(root(dirs))}

    again = upload(data, dirs)

    assert first.created and not again.created
    assert again == first.__class__(**{**first.__dict__, "written": ()})
    assert len(stored) == 7  # master + WebP and JPEG at 320, 800 and 1600
    assert {p: p.stat().st_mtime_ns for p in files(root(dirs))} == stored
    assert not [p for p in stored if p.name.startswith(".")]  # no temporary files left
    assert first.master_key.startswith("private/") and (root(dirs) / first.master_key).exists()
    assert all(v.key.startswith("public/") for v in first.variants)
    assert (root(dirs) / first.variants[0].key).stat().st_mode & 0o777 == 0o644
    assert (root(dirs) / first.master_key).stat().st_mode & 0o777 == 0o640


def test_master_is_optional_and_can_be_added_later(dirs):
    data = encode(photo(900, 600), "JPEG")
    lean = upload(data, dirs, keep_master=False)
    assert lean.master_key is None and not files(root(dirs) / "private")
    variant_times = {p: p.stat().st_mtime_ns for p in files(root(dirs) / "public")}

    full = upload(data, dirs)

    assert full.written == (full.master_key,) and (root(dirs) / full.master_key).exists()
    assert full.variants == lean.variants
    assert {p: p.stat().st_mtime_ns for p in files(root(dirs) / "public")} == variant_times


def test_delete_files_removes_every_file_of_one_digest(dirs):
    kept = upload(encode(photo(500, 400), "PNG"), dirs)
    gone = upload(encode(photo(1700, 900), "JPEG"), dirs)

    assert delete_files(gone.digest, **dirs) == 7
    assert delete_files(gone.digest, **dirs) == 0
    assert stored_keys(gone.digest, dirs["storage"]) == []
    assert sorted(files(root(dirs))) == sorted(outputs(kept, dirs))
    with pytest.raises(ValueError):
        delete_files("../" + kept.digest[3:], **dirs)


def test_private_variants_stay_out_of_the_public_area(dirs):
    result = upload(encode(photo(900, 600), "JPEG"), dirs, public=False)
    assert all(v.key.startswith("private/") for v in result.variants)
    assert not files(root(dirs) / "public")
    with pytest.raises(ValueError, match="private"):
        dirs["storage"].public_url(result.variants[0].key)


def test_a_failure_while_writing_removes_what_this_call_wrote(dirs, monkeypatch):
    real_save, calls = Image.Image.save, []

    def save_then_fail(self, fp, format=None, **params):
        calls.append(format)
        if len(calls) == 4:
            raise OSError("disk full")
        return real_save(self, fp, format, **params)

    monkeypatch.setattr(Image.Image, "save", save_then_fail)
    with pytest.raises(OSError, match="disk full"):
        upload(encode(photo(1000, 800), "JPEG"), dirs)
    assert len(calls) == 4
    assert not files(root(dirs))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(width=st.integers(1, 90), height=st.integers(1, 90))
def test_variants_never_exceed_the_source_and_their_long_side_is_the_size(tmp_path, width, height):
    target = local_store(tmp_path / f"{width}x{height}")
    result = upload(encode(photo(width, height), "PNG"), target, sizes=(16, 32, 64))

    sizes = sorted({v.size for v in result.variants})
    assert sizes == ([s for s in (16, 32, 64) if s <= max(width, height)] or [max(width, height)])
    for variant in result.variants:
        assert max(variant.width, variant.height) == variant.size <= max(width, height)
        with Image.open(root(target) / variant.key) as out:
            assert out.size == (variant.width, variant.height)


def test_unusual_colour_data_becomes_plain_srgb(dirs):
    # A profile whose red and blue primaries are swapped: converted, pure red becomes blue.
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    tags = {
        bytes(icc[132 + 12 * i : 136 + 12 * i]): struct.unpack_from(">II", icc, 136 + 12 * i)
        for i in range(struct.unpack_from(">I", icc, 128)[0])
    }
    (red, length), (blue, _) = tags[b"rXYZ"], tags[b"bXYZ"]
    primaries = icc[red : red + length], icc[blue : blue + length]
    icc[blue : blue + length], icc[red : red + length] = primaries
    icc = bytes(icc).replace("sRGB".encode("utf-16-be"), "swap".encode("utf-16-be"))
    red_pixels = Image.new("RGB", (400, 300), (255, 0, 0))
    swapped = upload(encode(red_pixels, "PNG", icc_profile=icc), dirs)
    cmyk = upload(encode(Image.new("CMYK", (400, 300), (0, 255, 255, 0)), "JPEG"), dirs)
    grey16 = upload(encode(Image.new("I;16", (400, 300), 0x8080), "PNG"), dirs)

    for result, colour in ((swapped, (0, 0, 255)), (cmyk, (255, 0, 0)), (grey16, (128, 128, 128))):
        with Image.open(root(dirs) / result.master_key) as master:
            assert master.mode == "RGB" and "icc_profile" not in master.info
            pixel = master.getpixel((200, 150))
            assert all(abs(a - b) <= 8 for a, b in zip(pixel, colour, strict=True))


def test_multi_picture_jpeg_keeps_the_first_picture(dirs):
    result = upload(frames("MPO", (640, 480)), dirs)
    assert [(v.size, v.format) for v in result.variants] == [(320, "webp"), (320, "jpeg")]
    with Image.open(root(dirs) / result.variants[0].key) as out:
        assert out.getpixel((160, 120))[0] > 200  # red, not the black second picture


def _english(message: object) -> str:
    """The message as read with no app (so no Persian catalogue) around it."""
    return contextvars.Context().run(str, message)


def test_rejection_message_is_english_outside_a_request():
    message = ImageRejected("unsupported").message
    assert _english(message) == "Only JPEG, PNG and WebP photos are accepted."
