#!/usr/bin/env bash
# Image search benchmark (issue 15): the release storefront in mock mode. Measures how long the
# sample catalog's image signatures take to compute at start, how long an upload takes to be
# decoded, normalized and kept (POST /search/image → 303) for a large photo, how long a results
# page takes (each view runs the similarity search), the thumbnail, and the peak RSS.
#
#   bench/image_search.sh                 # builds release, 20 uploads, 100 results views
#   SKIP_BUILD=1 UPLOADS=10 VIEWS=50 bench/image_search.sh
#
# Everything listens on 127.0.0.1 only; the storefront is stopped on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

UPLOADS=${UPLOADS:-20}
VIEWS=${VIEWS:-100}

need curl python3 awk
WORK=$(mktemp -d /tmp/storefront-image.XXXXXX)
trap stop_all EXIT
trap 'exit 130' INT TERM
build_release

# A photo-like PNG of 2000 × 1500 px (about 4 MB) (a gradient with grain), made with Python's standard library.
python3 - "$WORK/photo.png" <<'PY'
import random, struct, sys, zlib
width, height = 2000, 1500
random.seed(15)
raw = bytearray()
for y in range(height):
    raw.append(0)
    raw.extend(bytes(
        v
        for x in range(width)
        for v in ((x * 255 // width + random.randrange(4)) & 255,
                  (y * 255 // height + random.randrange(4)) & 255,
                  (128 + random.randrange(4)) & 255)
    ))
def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
photo_bytes=$(stat -c %s "$WORK/photo.png")

started=$(date +%s.%N)
start_storefront storefront RUST_LOG=info
signatures=$(wait_for_url "$WORK/storefront.log" 'image signatures computed.*ms=[0-9]*' | grep -o 'ms=[0-9]*' || true)
[ -n "$signatures" ] || die "no signature line in the log: $(tail -5 "$WORK/storefront.log")"
ready=$(date +%s.%N)

# stats FILE: median, p90 and max of a column of seconds, in ms.
stats() {
    sort -n "$1" | awk '{ a[NR] = $1 } END {
        printf "median %.1f ms, p90 %.1f ms, max %.1f ms (n=%d)", a[int((NR + 1) / 2)] * 1000,
            a[int(NR * 0.9 + 0.5)] * 1000, a[NR] * 1000, NR }'
}

: >"$WORK/uploads.txt"
for _ in $(seq "$UPLOADS"); do
    curl -sS -o /dev/null -w '%{http_code} %{time_total} %{redirect_url}\n' \
        -F "image=@$WORK/photo.png;type=image/png" "$BASE/search/image" >>"$WORK/uploads.txt"
done
grep -qv '^303 ' "$WORK/uploads.txt" && die "an upload was not answered 303: $(grep -v '^303 ' "$WORK/uploads.txt" | head -1)"
results=$(awk 'NR == 1 { print $3 }' "$WORK/uploads.txt")
awk '{ print $2 }' "$WORK/uploads.txt" >"$WORK/upload-times.txt"

: >"$WORK/views.txt"
for page in $(seq "$VIEWS"); do
    curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' "$results?page=$(( (page % 3) + 1 ))" >>"$WORK/views.txt"
done
grep -qv '^200 ' "$WORK/views.txt" && die "a results view was not answered 200"
awk '{ print $2 }' "$WORK/views.txt" >"$WORK/view-times.txt"
thumbnail=$(curl -sS -o /dev/null -w '%{http_code} %{size_download}' "$results/photo.jpg")
peak_kib=$(kib "$STOREFRONT_PID" VmHWM)

echo "photo:                 $(mib $((photo_bytes / 1024))) MiB PNG, 2000 × 1500 px"
echo "signatures at start:   ${signatures#ms=} ms for the sample catalog (log line; ready $(awk -v a="$started" -v b="$ready" 'BEGIN { printf "%.1f", b - a }') s after launch)"
echo "upload → 303:          $(stats "$WORK/upload-times.txt")"
echo "results page:          $(stats "$WORK/view-times.txt")"
echo "thumbnail:             HTTP ${thumbnail% *}, ${thumbnail#* } bytes"
echo "peak RSS:              $(mib "$peak_kib") MiB"
