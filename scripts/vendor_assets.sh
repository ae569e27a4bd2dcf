#!/usr/bin/env bash
# Vendor the front-end assets the shop serves from static/ (no CDN at run time).
#
# Fetches exact, pinned versions from the npm registry with `npm pack` (which
# runs no install scripts and creates no node_modules), checks each tarball
# against a pinned sha512 integrity, and copies only the files the shop needs
# into static/vendor/<package>/ together with the package's licence.
# Writes static/vendor/VERSIONS.txt.  Idempotent: each run replaces the vendored
# directories wholesale, so re-running with the same pins yields identical files.
#
# To upgrade: change a version below, set its integrity from
#   npm view <pkg>@<version> dist.integrity
# run this script, review the diff, commit static/vendor/.
#
# Local changes to the upstream files (also recorded in VERSIONS.txt):
#   - the trailing `/*# sourceMappingURL=... */` comment is removed from the
#     Bootstrap CSS/JS, because the .map files are not vendored;
#   - Vazirmatn[wght].woff2 is renamed Vazirmatn-Variable.woff2 (no brackets in
#     URLs). Its @font-face lives in static/css/site.css (ours).
set -euo pipefail

BOOTSTRAP_VERSION=5.3.9
BOOTSTRAP_SHA512='sha512-20cU0rcfw8WdxtVbmfU+xT2EjvVTw9Ror/h1Qvd7DXCujRg8OO9mdBCsmTHdJFf3BuadmBNJtgIuUXsBqSkk/w=='
# Popper is compiled into bootstrap.bundle.min.js; we ship only its licence.
POPPER_VERSION=2.11.8
POPPER_SHA512='sha512-P1st0aksCrn9sGZhp8GMYwBnQsbvAWsZAX44oXNNvLHGqAOcoVxmjZiohstwQ7SqKnbR47akdNi+uleWD8+g6A=='
VAZIRMATN_VERSION=33.0.3
VAZIRMATN_SHA512='sha512-fbjNc0CMjazZpIegWzz9OHGzI1APFboT+x7ZecXlUCtDe/nkyx7gtCTZnWS/+eeXG7fbfXymCPKJI8EsnM3iqw=='
AXE_VERSION=4.14.1
AXE_SHA512='sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=='
# The Jalali date picker (progressive enhancement of fields.DateInput; docs/back-office.md).
JDP_VERSION=0.9.12
JDP_SHA512='sha512-KsQ8yEXQph46CLeKxhrUvdYxD3now5EvhulDWlAOnV5YZKwX8PHcEBUy0EZUxDBgN54H9n31uy2kBMARgi7OWA=='

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"

for tool in npm tar openssl base64; do
    command -v "$tool" >/dev/null || { echo "vendor_assets: '$tool' is required" >&2; exit 1; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# fetch NAME VERSION INTEGRITY -> prints the directory holding the unpacked package
fetch() {
    local name="$1" version="$2" integrity="$3"
    local dest="$WORK/$(echo "$name" | tr '/@' '__')"
    mkdir -p "$dest"
    local tgz
    tgz="$(cd "$dest" && npm pack --silent --ignore-scripts "$name@$version" | tail -n 1)"
    local actual="sha512-$(openssl dgst -sha512 -binary "$dest/$tgz" | base64 -w0)"
    if [[ "$actual" != "$integrity" ]]; then
        echo "vendor_assets: integrity mismatch for $name@$version" >&2
        echo "  expected $integrity" >&2
        echo "  got      $actual" >&2
        exit 1
    fi
    tar -xzf "$dest/$tgz" -C "$dest"
    echo "$dest/package"
}

# strip_sourcemap FILE: drop the sourceMappingURL comment (maps are not shipped)
strip_sourcemap() {
    sed -i -E '/^\/[*\/]# sourceMappingURL=.*$/d' "$1"
}

# --- Bootstrap ---------------------------------------------------------------
bs="$(fetch bootstrap "$BOOTSTRAP_VERSION" "$BOOTSTRAP_SHA512")"
popper="$(fetch @popperjs/core "$POPPER_VERSION" "$POPPER_SHA512")"
rm -rf "$VENDOR/bootstrap"
mkdir -p "$VENDOR/bootstrap/css" "$VENDOR/bootstrap/js"
cp "$bs/dist/css/bootstrap.rtl.min.css" "$bs/dist/css/bootstrap.min.css" "$VENDOR/bootstrap/css/"
cp "$bs/dist/js/bootstrap.bundle.min.js" "$VENDOR/bootstrap/js/"
strip_sourcemap "$VENDOR/bootstrap/css/bootstrap.rtl.min.css"
strip_sourcemap "$VENDOR/bootstrap/css/bootstrap.min.css"
strip_sourcemap "$VENDOR/bootstrap/js/bootstrap.bundle.min.js"
cp "$bs/LICENSE" "$VENDOR/bootstrap/LICENSE"
cp "$popper/LICENSE.md" "$VENDOR/bootstrap/LICENSE-popperjs.md"

# --- Vazirmatn ---------------------------------------------------------------
vz="$(fetch vazirmatn "$VAZIRMATN_VERSION" "$VAZIRMATN_SHA512")"
rm -rf "$VENDOR/vazirmatn"
mkdir -p "$VENDOR/vazirmatn"
cp "$vz/fonts/webfonts/Vazirmatn[wght].woff2" "$VENDOR/vazirmatn/Vazirmatn-Variable.woff2"
cp "$vz/OFL.txt" "$VENDOR/vazirmatn/OFL.txt"

# --- axe-core (accessibility tests only; not linked from pages) --------------
axe="$(fetch axe-core "$AXE_VERSION" "$AXE_SHA512")"
rm -rf "$VENDOR/axe-core"
mkdir -p "$VENDOR/axe-core"
cp "$axe/axe.min.js" "$VENDOR/axe-core/axe.min.js"
cp "$axe/LICENSE" "$VENDOR/axe-core/LICENSE"
cp "$axe/LICENSE-3RD-PARTY.txt" "$VENDOR/axe-core/LICENSE-3RD-PARTY.txt"

# --- Jalali date picker (the minified build: the other one evals its modules, which CSP forbids)
jdp="$(fetch @majidh1/jalalidatepicker "$JDP_VERSION" "$JDP_SHA512")"
rm -rf "$VENDOR/jalalidatepicker"
mkdir -p "$VENDOR/jalalidatepicker"
cp "$jdp/dist/jalalidatepicker.min.js" "$jdp/dist/jalalidatepicker.min.css" "$VENDOR/jalalidatepicker/"
cp "$jdp/LICENSE" "$VENDOR/jalalidatepicker/LICENSE"

# --- VERSIONS.txt ------------------------------------------------------------
cat > "$VENDOR/VERSIONS.txt" <<EOF
# Vendored front-end assets. Generated by scripts/vendor_assets.sh; do not edit by hand.
# package	version	licence	files (under static/vendor/)
bootstrap	$BOOTSTRAP_VERSION	MIT	bootstrap/css/bootstrap.rtl.min.css bootstrap/css/bootstrap.min.css bootstrap/js/bootstrap.bundle.min.js bootstrap/LICENSE
@popperjs/core	$POPPER_VERSION	MIT	(compiled into bootstrap.bundle.min.js) bootstrap/LICENSE-popperjs.md
vazirmatn	$VAZIRMATN_VERSION	OFL-1.1	vazirmatn/Vazirmatn-Variable.woff2 (renamed from Vazirmatn[wght].woff2) vazirmatn/OFL.txt
axe-core	$AXE_VERSION	MPL-2.0	axe-core/axe.min.js axe-core/LICENSE axe-core/LICENSE-3RD-PARTY.txt
@majidh1/jalalidatepicker	$JDP_VERSION	MIT	jalalidatepicker/jalalidatepicker.min.js jalalidatepicker/jalalidatepicker.min.css jalalidatepicker/LICENSE
# Local changes: sourceMappingURL comments removed from the Bootstrap files (maps not shipped).
EOF

echo "vendor_assets: done"
(cd "$VENDOR" && find . -type f | sort | xargs ls -l | awk '{print "  " $5 "\t" $9}')
