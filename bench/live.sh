#!/usr/bin/env bash
# Issue 6's benchmark: the storefront in live mode against the stand-in gateway, under a realistic
# mix of page views. Measures page views/s, latency, upstream calls, how many views the cache
# served, rate-limit answers (must be 0), status codes and peak RSS. See bench/live-and-soak.md.
#
#   bench/live.sh                     # builds release, 60 s of load
#   LIVE_SECONDS=30 SKIP_BUILD=1 bench/live.sh
#   bench/live.sh onebound            # the same against the Onebound stand-in (issue 14)
#   bench/live.sh store               # issue 13: 10 minutes of shoppers on a free plan, restart half-way
#
# Settings (environment): LIVE_SECONDS (60), CONNECTIONS (16), WRK_THREADS (1), ALIBABA_QPS (1),
# GATEWAY_MAX_QPS (2), GATEWAY_LATENCY_MS (200), MIX_SEED (1688), SKIP_BUILD (0); in Onebound mode
# ONEBOUND_QPS (1), ONEBOUND_MAX_QPS (2), ONEBOUND_LATENCY_MS (300-1200: Onebound answers in
# seconds when its cache misses) instead of the gateway's.
# Everything listens on 127.0.0.1 only; both processes are stopped on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SOURCE=${1:-1688}
case "$SOURCE" in 1688 | onebound) ;; store) exec "$(dirname "$0")/live-store.sh" ;;
    *) die "usage: bench/live.sh [1688|onebound|store]" ;; esac
LIVE_SECONDS=${LIVE_SECONDS:-60}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-1}
QPS=${ALIBABA_QPS:-1}
GATEWAY_MAX_QPS=${GATEWAY_MAX_QPS:-2}
GATEWAY_LATENCY_MS=${GATEWAY_LATENCY_MS:-200}

need wrk curl jq cargo
WORK=$(mktemp -d /tmp/storefront-live.XXXXXX)
trap stop_all EXIT
trap 'exit 130' INT TERM
build_release

if [ "$SOURCE" = onebound ]; then
    QPS=${ONEBOUND_QPS:-1}
    GATEWAY_MAX_QPS=${ONEBOUND_MAX_QPS:-2}
    GATEWAY_LATENCY_MS=${ONEBOUND_LATENCY_MS:-300-1200}
    QPS_VAR=ONEBOUND_QPS
    # Category listings browse the tree the store knows in Onebound mode: the sample catalog's
    # top-level ids (src/provider/mock/data.rs).
    export MIX_CATEGORIES=${MIX_CATEGORIES:-1038378,1031918,1031914,1042841,1042954,1036810,1042752,1043472}
    start_onebound_stand_in onebound --latency-ms "$GATEWAY_LATENCY_MS" --max-qps "$GATEWAY_MAX_QPS"
    # The budget is off (ONEBOUND_DAILY_LIMIT=0) so that it does not end the run; the pacing is not.
    start_storefront storefront ONEBOUND_KEY=stand-in-onebound-key \
        ONEBOUND_SECRET=stand-in-onebound-secret ONEBOUND_API_URL="$STAND_IN_URL" \
        ONEBOUND_QPS="$QPS" ONEBOUND_DAILY_LIMIT=0
else
    QPS_VAR=ALIBABA_QPS
    start_stand_in gateway --latency-ms "$GATEWAY_LATENCY_MS" --max-qps "$GATEWAY_MAX_QPS"
    # The budget is off (ALIBABA_DAILY_LIMIT=0) so that it does not end the run; the pacing is not.
    start_storefront storefront ALIBABA_APP_KEY=12345678 ALIBABA_APP_SECRET=stand-in-app-secret \
        ALIBABA_ACCESS_TOKEN=stand-in-access-token ALIBABA_API_URL="$STAND_IN_URL" \
        ALIBABA_QPS="$QPS" ALIBABA_DAILY_LIMIT=0
fi
echo "$SOURCE stand-in $STAND_IN_URL (latency ${GATEWAY_LATENCY_MS} ms, max ${GATEWAY_MAX_QPS} calls/s); storefront $BASE ($QPS_VAR=$QPS, no daily limit)" >&2
echo "driving ${LIVE_SECONDS}s of page views (wrk -t$WRK_THREADS -c$CONNECTIONS)..." >&2

wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${LIVE_SECONDS}s" --timeout 35s --latency \
    -s "$REPO/bench/mix.lua" "$BASE" >"$WORK/wrk.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk.txt")"

# Read the gateway's counters before /api/status: its live checks call the gateway too.
gateway=$(curl -fsS "$STAND_IN_STATS")
peak_kib=$(kib "$STOREFRONT_PID" VmHWM)
rss_kib=$(kib "$STOREFRONT_PID" VmRSS)
status=$(curl -fsS --max-time 60 "$BASE/api/status")
mix=$(mix_json "$WORK/wrk.txt")
[ -n "$mix" ] || die "no MIX line in the wrk output: $(cat "$WORK/wrk.txt")"

echo
cat "$WORK/wrk.txt" | grep -v '^MIX '
echo

jq -nr --argjson mix "$mix" --argjson gw "$gateway" --argjson st "$status" \
    --arg peak "$(mib "$peak_kib")" --arg rss "$(mib "$rss_kib")" \
    --arg qps "$QPS" --arg qpsvar "$QPS_VAR" --arg source "$SOURCE" \
    --arg conns "$CONNECTIONS" --arg secs "$LIVE_SECONDS" \
    --arg gwqps "$GATEWAY_MAX_QPS" --arg gwlat "$GATEWAY_LATENCY_MS" '
  def pct(a; b): if b == 0 then "n/a" else ((a / b * 1000 | round) / 10 | tostring) + " %" end;
  def ms(us): ((us / 100 | round) / 10 | tostring) + " ms";
  ($mix.requests) as $views
  | ($mix.status | to_entries | map(select(.key | test("^2") | not)) | map(.value) | add // 0) as $non2xx
  | ($mix.status | to_entries | map(select(.key | test("^2"))) | map(.value) | add // 0) as $ok
  | ($st.usage.cache) as $c
  | "## Live-mode benchmark, source \($source) (\($secs) s, wrk -c\($conns), \($qpsvar)=\($qps), no daily limit; stand-in: \($gwlat) ms latency, max \($gwqps) calls/s)",
    "",
    "| measure | value |",
    "|---|---|",
    "| page views | \($views) |",
    "| page views/s | \($views / ($mix.duration_us / 1e6) * 10 | round / 10) |",
    "| latency p50 / p90 / p99 / max | \(ms($mix.p50_us)) / \(ms($mix.p90_us)) / \(ms($mix.p99_us)) / \(ms($mix.max_us)) |",
    "| upstream calls (stand-in total) | \($gw.total_calls) (\($gw.calls | to_entries | map("\(.key | split(":") | last | sub("-1$"; "")) \(.value)") | join(", "))) |",
    "| views served without an upstream call (1 − calls/views) | \(pct($views - $gw.total_calls; $views)) |",
    "| successful (2xx) views per upstream call | \(if $gw.total_calls == 0 then "n/a" else ($ok / $gw.total_calls * 10 | round / 10 | tostring) end) |",
    "| provider cache: hits / misses / stale served / entries | \($c.hits) / \($c.misses) / \($c.stale_served) / \($c.entries) |",
    "| cache hit ratio hits/(hits+misses) | \(pct($c.hits; $c.hits + $c.misses)) |",
    "| rate-limit answers from the stand-in (must be 0) | \($gw.rate_limited_answers) |",
    "| responses by status | \($mix.status | to_entries | map("\(.key): \(.value)") | join(", ")) |",
    "| non-2xx responses | \($non2xx) (\(pct($non2xx; $views))) |",
    "| requests by kind | \($mix.kinds | to_entries | map("\(.key) \(.value)") | join(", ")) |",
    "| socket errors (connect/read/write/timeout) | \($mix.errors.connect)/\($mix.errors.read)/\($mix.errors.write)/\($mix.errors.timeout) |",
    "| storefront calls_today / last error | \($st.usage.calls_today) / \($st.usage.last_error.code // "none") |",
    "| storefront RSS now / peak (VmHWM) | \($rss) MiB / \($peak) MiB |"'

rate_limited=$(jq -r '.rate_limited_answers' <<<"$gateway")
if [ "$rate_limited" != 0 ]; then
    echo >&2
    echo "FAIL: the stand-in answered $rate_limited calls with its rate-limit error; logs in $WORK" >&2
    exit 1
fi
echo
echo "logs: $WORK"
