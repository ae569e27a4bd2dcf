"""The photo pipeline on a 12-megapixel JPEG, against Pillow's plain full-size decode.

Modes: `request`, what an upload costs the request (`pipeline.accept_upload`: checks,
the 320 px variant, the upload kept privately), the figure with the issue 6 target;
`job`, what the background job then does (`pipeline.complete_upload`: the master and the
800 and 1600 px variants); and the job's throughput, photos a minute on one worker
thread, from one process finishing JOB_PHOTOS different uploads one after another.

    python photo_bench.py [RUNS]          -> JSON: medians and ratios (parent)
    python photo_bench.py --child MODE F  -> JSON: one measurement (child)

Each measurement is a fresh process, so one run's caches and freed-but-kept memory
cannot flatter the next. Peak memory is the rise of VmHWM over the RSS after the
imports (the child resets the high-water mark by writing 5 to clear_refs, where the
kernel allows it), so it counts what the operation itself held at its worst moment.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 4000, 3000
FRAME_MB = WIDTH * HEIGHT * 3 / 2**20  # one decoded RGB frame
MODES = ("plain_decode", "request", "job")
JOB_PHOTOS = 8  # uploads one throughput process finishes


def make_photo(path: Path) -> None:
    """A photo-like 4000x3000 JPEG: smooth light, shapes, and sensor noise (it must not
    compress to nothing, or decoding it would be unrealistically cheap)."""
    from PIL import Image, ImageDraw, ImageFilter

    small = Image.effect_mandelbrot((400, 300), (-2.2, -1.2, 1.0, 1.2), 60).convert("L")
    base = Image.merge("RGB", (small, small.rotate(180), small.transpose(Image.FLIP_LEFT_RIGHT)))
    img = base.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(img)
    for i in range(60):
        x, y = (i * 379) % WIDTH, (i * 211) % HEIGHT
        colour = ((i * 41) % 256, (i * 89) % 256, (i * 137) % 256)
        draw.ellipse((x, y, x + 300 + i * 7, y + 200 + i * 5), outline=colour, width=12)
    img = img.filter(ImageFilter.GaussianBlur(2))
    noise = Image.merge("RGB", [Image.effect_noise((WIDTH, HEIGHT), 24 + 4 * c) for c in range(3)])
    img = Image.blend(img, noise, 0.18)
    img.save(path, "JPEG", quality=90)


def _status_kb(field: str) -> int:
    match = re.search(rf"{field}:\s+(\d+) kB", Path("/proc/self/status").read_text())
    return int(match.group(1)) if match else 0


def _variant_of(photo: str, n: int) -> bytes:
    """The photo with `n` bytes after its end: the same pixels, another digest (so the
    store holds nothing of it yet)."""
    return Path(photo).read_bytes() + b"\0" * n


def child(mode: str, photo: str) -> dict[str, Any]:

    from PIL import Image

    from marketplace.media import pipeline as images
    from marketplace.media.storage import LocalStorage

    workdir = Path(tempfile.mkdtemp(prefix="bench-photo-"))
    store = LocalStorage(workdir, "/media/")
    if mode == "job":  # the request's part first, not measured
        with open(photo, "rb") as stream:
            digest = images.accept_upload(stream, storage=store).digest
    try:
        Path("/proc/self/clear_refs").write_text("5")
        reset = True
    except OSError:
        reset = False
    base = _status_kb("VmRSS")
    start = time.perf_counter()
    if mode == "plain_decode":
        with Image.open(photo) as img:
            img.load()
            size = img.size
    elif mode == "request":
        with open(photo, "rb") as stream:
            result = images.accept_upload(stream, storage=store)
        size = (result.width, result.height)
    else:
        result = images.complete_upload(digest, storage=store)
        size = (result.width, result.height)
    seconds = time.perf_counter() - start
    peak = _status_kb("VmHWM")
    return {"mode": mode, "seconds": seconds, "extra_mb": max(0, peak - base) / 1024,
            "size": size, "hwm_reset": reset}


def job_throughput(photo: str) -> dict[str, Any]:
    """One worker thread finishing JOB_PHOTOS uploads one after another: photos a minute."""
    import io

    from marketplace.media import pipeline as images
    from marketplace.media.storage import LocalStorage

    store = LocalStorage(Path(tempfile.mkdtemp(prefix="bench-photo-")), "/media/")
    digests = [images.accept_upload(io.BytesIO(_variant_of(photo, n)), storage=store).digest
               for n in range(JOB_PHOTOS)]
    start = time.perf_counter()
    for digest in digests:
        images.complete_upload(digest, storage=store)
    seconds = time.perf_counter() - start
    return {"photos": JOB_PHOTOS, "seconds": round(seconds, 2),
            "photos_per_minute": round(60 * JOB_PHOTOS / seconds, 1)}


def main(runs: int) -> dict[str, Any]:
    python = sys.executable
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    with tempfile.TemporaryDirectory(prefix="bench-photo-") as tmp:
        photo = Path(tmp) / "photo-12mp.jpg"
        make_photo(photo)
        samples: dict[str, list[dict[str, Any]]] = {m: [] for m in MODES}
        for _ in range(runs):
            for mode in MODES:  # interleaved, so a noisy moment hits every mode alike
                proc = subprocess.run(  # noqa: S603
                    [python, __file__, "--child", mode, str(photo)], env=env,
                    capture_output=True, text=True, check=True,
                )
                samples[mode].append(json.loads(proc.stdout))
        file_mb = photo.stat().st_size / 2**20
        proc = subprocess.run(  # noqa: S603
            [python, __file__, "--throughput", str(photo)], env=env,
            capture_output=True, text=True, check=True)
        throughput = json.loads(proc.stdout)
    out: dict[str, Any] = {"width": WIDTH, "height": HEIGHT, "jpeg_mb": round(file_mb, 2),
                           "frame_mb": round(FRAME_MB, 1), "runs": runs,
                           "job_throughput": throughput,
                           "load_average": round(os.getloadavg()[0], 1)}
    for mode in MODES:
        out[mode] = {
            "seconds": round(statistics.median(s["seconds"] for s in samples[mode]), 3),
            "extra_mb": round(statistics.median(s["extra_mb"] for s in samples[mode]), 1),
        }
    plain = out["plain_decode"]
    for mode in MODES[1:]:
        out[mode]["time_ratio"] = round(out[mode]["seconds"] / plain["seconds"], 2)
        out[mode]["memory_frames"] = round(out[mode]["extra_mb"] / FRAME_MB, 2)
        out[mode]["memory_ratio"] = round(out[mode]["extra_mb"] / max(plain["extra_mb"], 0.1), 2)
    out["hwm_reset"] = all(s["hwm_reset"] for v in samples.values() for s in v)
    return out


def profile() -> dict[str, str]:
    """Where the request's time goes: cProfile of one `accept_upload`, top 15."""
    import cProfile
    import io
    import pstats

    from marketplace.media import pipeline as images
    from marketplace.media.storage import LocalStorage

    with tempfile.TemporaryDirectory(prefix="bench-photo-") as tmp:
        photo = Path(tmp) / "photo-12mp.jpg"
        make_photo(photo)
        with open(photo, "rb") as stream:  # a first run loads Pillow's plugins
            images.accept_upload(stream, storage=LocalStorage(Path(tmp) / "warm", "/media/"))
        profiler = cProfile.Profile()
        with open(photo, "rb") as stream:
            profiler.enable()
            images.accept_upload(stream, storage=LocalStorage(Path(tmp) / "store", "/media/"))
            profiler.disable()
    stream_out = io.StringIO()
    pstats.Stats(profiler, stream=stream_out).strip_dirs().sort_stats("tottime").print_stats(15)
    lines = [ln for ln in stream_out.getvalue().splitlines() if ln.strip()]
    return {"request": "\n".join(lines[-17:])}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--profile":
        print(json.dumps(profile()))
    elif len(sys.argv) > 1 and sys.argv[1] == "--throughput":
        print(json.dumps(job_throughput(sys.argv[2])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3])))
    else:
        print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
