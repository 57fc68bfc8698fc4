#!/usr/bin/env bash
# Issue 13: memory stays bounded however large the catalog file grows. Fills a catalog file with
# STORE_OFFERS offers (default 100,000) in STORE_OFFERS/20 saved search pages, starts the release
# storefront on it in live mode with no call left for the day (ALIBABA_DAILY_LIMIT=1, spent by the
# start-up), and drives STORE_SECONDS (default 60) of wrk over saved search pages and full-text
# searches of the saved offers. Reports peak RSS (VmHWM), RSS at the end, the file size and the
# answers by status. A script, not a test; needs wrk, curl, jq and python3 (with sqlite3).
#
#   bench/store-size.sh
#   STORE_OFFERS=20000 STORE_SECONDS=20 SKIP_BUILD=1 bench/store-size.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

STORE_OFFERS=${STORE_OFFERS:-100000}
STORE_SECONDS=${STORE_SECONDS:-60}

need wrk curl jq python3
WORK=$(mktemp -d /tmp/storefront-store-size.XXXXXX)
trap stop_all EXIT
trap 'exit 130' INT TERM
build_release

start_stand_in gateway --latency-ms 50
credentials=(ALIBABA_APP_KEY=12345678 ALIBABA_APP_SECRET=stand-in-app-secret
    ALIBABA_ACCESS_TOKEN=stand-in-access-token ALIBABA_API_URL="$STAND_IN_URL")

# A first start creates the file with its schema.
start_storefront storefront "${credentials[@]}"
kill -TERM "$STOREFRONT_PID"
while kill -0 "$STOREFRONT_PID" 2>/dev/null; do sleep 0.1; done
DB="$WORK/storefront-data/catalog.sqlite3"
[ -f "$DB" ] || die "no catalog file at $DB"

echo "filling $DB with $STORE_OFFERS offers..." >&2
python3 - "$DB" "$STORE_OFFERS" <<'PY'
import json, sqlite3, sys, time
db, offers = sys.argv[1], int(sys.argv[2])
nouns = [("手机壳", "phone case"), ("数据线", "charging cable"), ("连衣裙", "dress"),
         ("双肩包", "backpack"), ("灯带", "LED strip"), ("水杯", "water bottle"),
         ("积木", "building blocks"), ("袜子", "socks"), ("卫衣", "hoodie"), ("雨伞", "umbrella")]
now = int(time.time() * 1000)
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode=WAL")
pages = offers // 20
with conn:
    for p in range(pages):
        zh, en = nouns[p % len(nouns)]
        keyword = f"{en} {p}"
        items = []
        for i in range(20):
            n = p * 20 + i
            offer = {
                "id": 700000000000 + n, "title": f"新款{zh} {n}款", "title_en": f"New {en} model {n}",
                "image": f"https://cbu01.alicdn.com/img/ibank/O1CN01{n:012x}.jpg",
                "price": f"{1 + n % 97}.{n % 100:02d}", "price_max": None, "min_order": 1 + n % 50,
                "unit": "piece", "monthly_sales": n % 5000, "category_id": 1038378, "location": None,
            }
            items.append(offer)
            text = f"New {en} model {n} 新 款 {' '.join(zh)} {n} 款"
            conn.execute(
                "INSERT OR REPLACE INTO offers (id, summary, text, price_fen, sales, category, fetched_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (offer["id"], json.dumps(offer, ensure_ascii=False), text,
                 (1 + n % 97) * 100 + n % 100, n % 5000, 1038378, now))
        query = {"keyword": keyword, "category": None, "min_price": None, "max_price": None,
                 "sort": "relevance", "page": 1, "page_size": 20}
        page = {"items": items, "total": 20, "page": 1, "page_size": 20}
        conn.execute(
            "INSERT OR REPLACE INTO answers (kind, key, value, fetched_at, views) VALUES ('search', ?, ?, ?, 0)",
            (json.dumps(query, ensure_ascii=False, separators=(",", ":")),
             json.dumps(page, ensure_ascii=False, separators=(",", ":")), now))
conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
conn.close()
PY

# Live mode with the day's single call spent at once: every search not saved goes to the saved offers.
start_storefront storefront "${credentials[@]}" ALIBABA_DAILY_LIMIT=1
curl -fsS -o /dev/null "$BASE/api/products?q=spend-the-call" || true

cat >"$WORK/store.lua" <<LUA
local pages, state = $((STORE_OFFERS / 20)), 42
local words = { "phone", "case", "cable", "dress", "backpack", "strip", "bottle", "blocks", "socks",
   "hoodie", "umbrella", "%E6%89%8B%E6%9C%BA", "%E8%BF%9E%E8%A1%A3%E8%A3%99", "model" }
local nouns = { "phone%20case", "charging%20cable", "dress", "backpack", "LED%20strip",
   "water%20bottle", "building%20blocks", "socks", "hoodie", "umbrella" }
local function random() state = (state * 16807) % 2147483647; return state / 2147483647 end
function request()
   if random() < 0.5 then
      local p = math.floor(random() * pages)
      return wrk.format("GET", "/search?q=" .. nouns[p % 10 + 1] .. "%20" .. p)
   end
   local w = words[math.floor(random() * #words) + 1]
   return wrk.format("GET", "/search?q=" .. w .. "&page=" .. (math.floor(random() * 5) + 1))
end
statuses = {}
function response(status) statuses[status] = (statuses[status] or 0) + 1 end
LUA

echo "driving ${STORE_SECONDS}s of searches over the saved catalog..." >&2
wrk -t1 -c8 -d"${STORE_SECONDS}s" --latency -s "$WORK/store.lua" "$BASE" >"$WORK/wrk.txt" 2>&1 ||
    die "wrk failed: $(cat "$WORK/wrk.txt")"
peak=$(kib "$STOREFRONT_PID" VmHWM)
rss=$(kib "$STOREFRONT_PID" VmRSS)
bytes=$(($(stat -c %s "$DB") + $(stat -c %s "$DB-wal" 2>/dev/null || echo 0)))
status=$(curl -fsS "$BASE/api/status" | jq -c '.usage.store')

echo
grep -E "Requests/sec|Latency|Non-2xx|50%|99%" "$WORK/wrk.txt" || true
echo
echo "## Catalog size and memory ($STORE_OFFERS offers, ${STORE_SECONDS} s of searches)"
echo
echo "| measure | value |"
echo "|---|---|"
echo "| catalog file (with WAL) | $(awk -v b="$bytes" 'BEGIN { printf "%.1f MiB", b / 1048576 }') |"
echo "| store figures | \`$status\` |"
echo "| RSS peak (VmHWM) / at the end | $(mib "$peak") MiB / $(mib "$rss") MiB |"
echo
echo "logs: $WORK"
