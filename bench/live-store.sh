#!/usr/bin/env bash
# Issue 13's benchmark (run as `bench/live.sh store`): live mode on a free plan, with its persistent
# catalog. Shoppers (bench/shoppers.lua: search, read, open offers, think 1-4 s) use the store for
# LIVE_SECONDS against a slow stand-in gateway that refuses more than 1 call in any second, with
# ALIBABA_QPS=1 and ALIBABA_DAILY_LIMIT=100. Half-way the store is stopped and started again on
# the same data directory. Reports, for the first minute and for the rest apart: the share of views
# answered 200, the self-refreshing pages (202), 5xx (and 5xx on addresses answered 200 before),
# saved-offer searches and offer previews; then upstream calls, peak RSS of each run and the file.
#
#   bench/live.sh store                              # builds release, 10 minutes, 8 shoppers
#   LIVE_SECONDS=120 SHOPPERS=4 SKIP_BUILD=1 bench/live.sh store
#
# Settings (environment): LIVE_SECONDS (600), SHOPPERS (8), SHOPPER_THINK (1000-4000 ms),
# ALIBABA_QPS (1), ALIBABA_DAILY_LIMIT (100), GATEWAY_MAX_QPS (1), GATEWAY_LATENCY_MS (300-900),
# MIX_SEED (1688), SKIP_BUILD (0). Everything listens on 127.0.0.1 only; every process started
# here is stopped on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

LIVE_SECONDS=${LIVE_SECONDS:-600}
SHOPPERS=${SHOPPERS:-8}
QPS=${ALIBABA_QPS:-1}
DAILY_LIMIT=${ALIBABA_DAILY_LIMIT:-100}
GATEWAY_MAX_QPS=${GATEWAY_MAX_QPS:-1}
GATEWAY_LATENCY_MS=${GATEWAY_LATENCY_MS:-300-900}
MIX_SEED=${MIX_SEED:-1688}
export SHOPPER_THINK=${SHOPPER_THINK:-1000-4000}
[ "$LIVE_SECONDS" -ge 180 ] || die "LIVE_SECONDS must be at least 180 (a first minute, then two halves)"

need wrk curl jq cargo
WORK=$(mktemp -d /tmp/storefront-live-store.XXXXXX)
trap stop_all EXIT
trap 'exit 130' INT TERM
build_release
export SHOPPER_SEEN="$WORK/seen.txt"
: >"$SHOPPER_SEEN"

start_stand_in gateway --latency-ms "$GATEWAY_LATENCY_MS" --max-qps "$GATEWAY_MAX_QPS"
settings=(ALIBABA_APP_KEY=12345678 ALIBABA_APP_SECRET=stand-in-app-secret
    ALIBABA_ACCESS_TOKEN=stand-in-access-token ALIBABA_API_URL="$STAND_IN_URL"
    ALIBABA_QPS="$QPS" ALIBABA_DAILY_LIMIT="$DAILY_LIMIT")
start_storefront store "${settings[@]}"
echo "stand-in $STAND_IN_URL (latency ${GATEWAY_LATENCY_MS} ms, refuses beyond ${GATEWAY_MAX_QPS} call/s); storefront $BASE (ALIBABA_QPS=$QPS, ALIBABA_DAILY_LIMIT=$DAILY_LIMIT)" >&2

# shop NAME SECONDS SEED: SHOPPERS shoppers for SECONDS on the storefront at BASE.
shop() {
    echo "$1: ${2}s of $SHOPPERS shoppers..." >&2
    MIX_SEED=$3 wrk -t"$SHOPPERS" -c"$SHOPPERS" -d"${2}s" --timeout 35s --latency \
        -s "$REPO/bench/shoppers.lua" "$BASE" >"$WORK/wrk-$1.txt" 2>&1 ||
        die "wrk failed: $(cat "$WORK/wrk-$1.txt")"
}

half=$((LIVE_SECONDS / 2))
shop first-minute 60 "$MIX_SEED"
shop before-restart $((half - 60)) $((MIX_SEED + 1))
peak_before=$(kib "$STOREFRONT_PID" VmHWM)
calls_before=$(curl -fsS "$STAND_IN_STATS" | jq .total_calls)
kill -TERM "$STOREFRONT_PID"
while kill -0 "$STOREFRONT_PID" 2>/dev/null; do sleep 0.1; done
echo "restarted on the same data directory" >&2
start_storefront store "${settings[@]}"
shop after-restart $((LIVE_SECONDS - half)) $((MIX_SEED + 2))
peak_after=$(kib "$STOREFRONT_PID" VmHWM)
gateway=$(curl -fsS "$STAND_IN_STATS")
file_bytes=$(du -cb "$WORK"/store-data/catalog.sqlite3* | tail -1 | cut -f1)

jq -nr --argjson a "$(mix_json "$WORK/wrk-first-minute.txt")" \
    --argjson b "$(mix_json "$WORK/wrk-before-restart.txt")" \
    --argjson c "$(mix_json "$WORK/wrk-after-restart.txt")" \
    --argjson gw "$gateway" --arg calls_before "$calls_before" \
    --arg peak_before "$(mib "$peak_before")" --arg peak_after "$(mib "$peak_after")" \
    --arg file "$(mib $((file_bytes / 1024)))" --arg secs "$LIVE_SECONDS" --arg n "$SHOPPERS" \
    --arg qps "$QPS" --arg limit "$DAILY_LIMIT" --arg gwlat "$GATEWAY_LATENCY_MS" '
  def pct(a; b): if b == 0 then "n/a" else ((a / b * 1000 | round) / 10 | tostring) + " %" end;
  def ms(us): ((us / 100 | round) / 10 | tostring) + " ms";
  def count(m; re): m.status | to_entries | map(select(.key | test(re))) | map(.value) | add // 0;
  def row(name; m):
    "| \(name) | \(m.requests) | \(pct(count(m; "^200$"); m.requests)) | \(m.self_refreshing) | \(count(m; "^5")) | \(m.seen_5xx) | \(m.saved_searches) | \(m.offer_previews) | \(ms(m.p50_us)) / \(ms(m.p99_us)) |";
  ($b.requests + $c.requests) as $rest
  | "## Persistent catalog on a free plan (\($secs) s, \($n) shoppers, ALIBABA_QPS=\($qps), ALIBABA_DAILY_LIMIT=\($limit); stand-in: \($gwlat) ms, refuses more than 1 call in any second; restart half-way)",
    "",
    "| part | views | answered 200 | self-refreshing (202) | 5xx | 5xx on an address seen before | saved-offer searches | offer previews | p50 / p99 |",
    "|---|---|---|---|---|---|---|---|---|",
    row("first minute"; $a),
    row("minute 1 to the restart"; $b),
    row("after the restart"; $c),
    "",
    "| measure | value |",
    "|---|---|",
    "| answered 200 after the first minute | \(pct(count($b; "^200$") + count($c; "^200$"); $rest)) of \($rest) |",
    "| upstream calls (before the restart / in all) | \($calls_before) / \($gw.total_calls) |",
    "| rate-limit answers from the stand-in | \($gw.rate_limited_answers) |",
    "| peak RSS before / after the restart | \($peak_before) MiB / \($peak_after) MiB |",
    "| catalog file (with WAL) | \($file) MiB |"'
echo
echo "logs: $WORK"
