"""The reference: a bare Flask app returning the shop's own /products HTML as a constant.

It answers every path with the same bytes, so `wrk` against it measures only
gunicorn + Flask + the size of the page: the ceiling the shop's figures are divided
by. The bench writes the HTML to the file named by BENCH_REFERENCE_HTML first.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

_HTML = Path(os.environ["BENCH_REFERENCE_HTML"]).read_bytes()

app = Flask(__name__)


@app.route("/", defaults={"path": ""})
@app.route("/<path:path>")
def page(path: str) -> Response:
    return Response(_HTML, mimetype="text/html")
