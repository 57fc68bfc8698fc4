#!/usr/bin/env bash
# Issue 16's benchmark: two storefront instances in live mode against one stand-in gateway, under
# the live page-view mix (bench/mix.lua) on both at once. Mode `redis`: both share one Redis
# (REDIS_URL): one rate limiter, one budget, one back-off, one catalog. Mode `no-redis`: the same
# two instances on their own, each pacing at ALIBABA_QPS (what the issue set out to fix). Reports
# combined page views/s, upstream calls, the busiest one-second window the stand-in saw (in mode
# `redis` it must not exceed ALIBABA_QPS, or the script fails), rate-limit answers and p99.
#
#   bench/scale.sh                           # builds release, 60 s per mode, both modes
#   LIVE_SECONDS=30 MODES=redis SKIP_BUILD=1 bench/scale.sh
#
# Settings (environment): MODES ("redis no-redis"), LIVE_SECONDS (60), CONNECTIONS (8 per
# instance), ALIBABA_QPS (2), GATEWAY_MAX_QPS (ALIBABA_QPS: the stand-in refuses calls beyond the
# app's limit, as 1688 does), GATEWAY_LATENCY_MS (200), MIX_SEED (1688), SKIP_BUILD (0).
# Needs wrk, curl, jq, redis-server and redis-cli (Debian: wrk curl jq redis-server). Everything
# listens on 127.0.0.1 only; every process started here is stopped on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

MODES=${MODES:-redis no-redis}
LIVE_SECONDS=${LIVE_SECONDS:-60}
CONNECTIONS=${CONNECTIONS:-8}
QPS=${ALIBABA_QPS:-2}
GATEWAY_MAX_QPS=${GATEWAY_MAX_QPS:-$QPS}
GATEWAY_LATENCY_MS=${GATEWAY_LATENCY_MS:-200}
MIX_SEED=${MIX_SEED:-1688}

need wrk curl jq cargo redis-server redis-cli
WORK=$(mktemp -d /tmp/storefront-scale.XXXXXX)
trap stop_all EXIT
trap 'exit 130' INT TERM
build_release

# start_redis: a redis-server of this run on a free loopback port, no persistence; sets REDIS_URL.
start_redis() {
    local port tries=0
    while :; do
        port=$((20000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
        tries=$((tries + 1))
        [ "$tries" -lt 50 ] || die "no free port for redis-server"
    done
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
        >"$WORK/redis.log" 2>&1 &
    STARTED_PIDS+=("$!")
    for _ in $(seq 1 100); do
        if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ]; then
            REDIS_URL="redis://127.0.0.1:$port/0"
            return 0
        fi
        sleep 0.1
    done
    die "redis-server did not start: $(tail -3 "$WORK/redis.log")"
}

failed=0
for mode in $MODES; do
    start_stand_in "gateway-$mode" --latency-ms "$GATEWAY_LATENCY_MS" --max-qps "$GATEWAY_MAX_QPS"
    shared=()
    case "$mode" in
        redis)
            start_redis
            shared=(REDIS_URL="$REDIS_URL" STOREFRONT_INSTANCES=2)
            ;;
        no-redis) ;;
        *) die "unknown mode $mode (redis, no-redis)" ;;
    esac
    bases=()
    for id in one two; do
        # The budget is off (ALIBABA_DAILY_LIMIT=0) so that it does not end the run; the pacing is not.
        start_storefront "$mode-$id" ALIBABA_APP_KEY=12345678 ALIBABA_APP_SECRET=stand-in-app-secret \
            ALIBABA_ACCESS_TOKEN=stand-in-access-token ALIBABA_API_URL="$STAND_IN_URL" \
            ALIBABA_QPS="$QPS" ALIBABA_DAILY_LIMIT=0 STOREFRONT_INSTANCE_ID="$id" "${shared[@]}"
        bases+=("$BASE")
    done
    echo "mode $mode: stand-in $STAND_IN_URL (latency ${GATEWAY_LATENCY_MS} ms, max ${GATEWAY_MAX_QPS} calls/s); instances ${bases[*]} (ALIBABA_QPS=$QPS each${shared:+, sharing through $REDIS_URL})" >&2
    echo "driving ${LIVE_SECONDS}s of page views on both (wrk -t1 -c$CONNECTIONS each)..." >&2

    # Both instances at once; the second with another seed, so they are not asked the same
    # things in the same order.
    wrk_pids=()
    n=0
    for base in "${bases[@]}"; do
        n=$((n + 1))
        MIX_SEED=$((MIX_SEED + 100 * n)) wrk -t1 -c"$CONNECTIONS" -d"${LIVE_SECONDS}s" --timeout 35s \
            --latency -s "$REPO/bench/mix.lua" "$base" >"$WORK/wrk-$mode-$n.txt" 2>&1 &
        wrk_pids+=("$!")
    done
    for pid in "${wrk_pids[@]}"; do
        wait "$pid" || die "wrk failed: $(cat "$WORK"/wrk-"$mode"-*.txt)"
    done

    # The gateway's counters before /api/status: its live checks call the gateway too.
    gateway=$(curl -fsS "$STAND_IN_STATS")
    one=$(curl -fsS --max-time 60 "${bases[0]}/api/status")
    two=$(curl -fsS --max-time 60 "${bases[1]}/api/status")
    mix1=$(mix_json "$WORK/wrk-$mode-1.txt")
    mix2=$(mix_json "$WORK/wrk-$mode-2.txt")
    [ -n "$mix1" ] && [ -n "$mix2" ] || die "no MIX line in the wrk output (logs: $WORK)"

    echo
    jq -nr --argjson a "$mix1" --argjson b "$mix2" --argjson gw "$gateway" \
        --argjson one "$one" --argjson two "$two" --arg mode "$mode" --arg qps "$QPS" \
        --arg conns "$CONNECTIONS" --arg secs "$LIVE_SECONDS" --arg gwqps "$GATEWAY_MAX_QPS" \
        --arg gwlat "$GATEWAY_LATENCY_MS" '
      def ms(us): ((us / 100 | round) / 10 | tostring) + " ms";
      def rate(n; us): (n / (us / 1e6) * 10 | round) / 10;
      def statuses(m): m.status | to_entries | map("\(.key): \(.value)") | join(", ");
      def ok(m): m.status | to_entries | map(select(.key | test("^2"))) | map(.value) | add // 0;
      def sharing(s): s.usage.store.shared // null;
      ($a.requests + $b.requests) as $views
      | (($a.duration_us + $b.duration_us) / 2) as $us
      | "## Two instances, mode \($mode) (\($secs) s, wrk -c\($conns) on each, ALIBABA_QPS=\($qps) each, ALIBABA_DAILY_LIMIT=0; stand-in: \($gwlat) ms latency, max \($gwqps) calls/s)",
        "",
        "| measure | value |",
        "|---|---|",
        "| page views (one + two) | \($views) (\($a.requests) + \($b.requests)) |",
        "| page views/s, combined | \(rate($views; $us)) |",
        "| 2xx views/s, combined | \(rate(ok($a) + ok($b); $us)) |",
        "| latency p99 one / two (p50 one / two) | \(ms($a.p99_us)) / \(ms($b.p99_us)) (\(ms($a.p50_us)) / \(ms($b.p50_us))) |",
        "| upstream calls (stand-in total) | \($gw.total_calls) (\($gw.calls | to_entries | map("\(.key | split(":")[1] | sub("-1$"; "")) \(.value)") | join(", "))) |",
        "| upstream calls per second, whole run | \(rate($gw.total_calls; $us)) |",
        "| busiest one-second window at the stand-in (limit \($qps)) | \($gw.max_calls_in_one_second) |",
        "| rate-limit answers from the stand-in | \($gw.rate_limited_answers) |",
        "| responses by status, one | \(statuses($a)) |",
        "| responses by status, two | \(statuses($b)) |",
        "| calls by instance (one / two) | \(if sharing($one) then "\(sharing($one).instance_calls_today) / \(sharing($two).instance_calls_today)" else "\($one.usage.calls_today) / \($two.usage.calls_today)" end) |",
        "| answers taken from the other instance (one / two) | \(if sharing($one) then "\(sharing($one).shared_hits) / \(sharing($two).shared_hits)" else "n/a" end) |",
        "| misses answered by the other instance'\''s call (one / two) | \(if sharing($one) then "\(sharing($one).collapsed) / \(sharing($two).collapsed)" else "n/a" end) |",
        "| mode at the end (one / two) | \(if sharing($one) then "\(sharing($one).mode) / \(sharing($two).mode)" else "no Redis" end) |"'

    if [ "$mode" = redis ]; then
        busiest=$(jq -r '.max_calls_in_one_second' <<<"$gateway")
        limited=$(jq -r '.rate_limited_answers' <<<"$gateway")
        if awk -v b="$busiest" -v q="$QPS" 'BEGIN { exit !(b > q) }' || [ "$limited" != 0 ]; then
            echo >&2
            echo "FAIL: sharing through Redis, the stand-in saw $busiest calls in one second (limit $QPS) and gave $limited rate-limit answers; logs in $WORK" >&2
            failed=1
        fi
    fi
    stop_all
done
echo
echo "logs: $WORK"
exit "$failed"
