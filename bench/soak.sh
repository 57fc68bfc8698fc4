#!/usr/bin/env bash
# Issue 7's bounded soak: the release build under concurrent load on loopback, first in mock mode,
# then in live mode against the stand-in gateway injecting faults; then SIGTERM under load.
# See bench/live-and-soak.md for what it measures and the pass/fail rules.
#
#   bench/soak.sh                          # builds release, 120 s of load per mode
#   SOAK_SECONDS=60 SKIP_BUILD=1 bench/soak.sh
#
# Fails (exit 1) when any response is a 500, when RSS grows without bound
# (end RSS > RSS_GROWTH_FACTOR × RSS after warm-up + RSS_SLACK_MIB), or when the storefront does
# not exit with status 0 within SHUTDOWN_LIMIT_SECONDS of SIGTERM.
#
# Settings (environment): SOAK_SECONDS (120), MODES ("mock live"), CONNECTIONS (64), WRK_THREADS (1),
# WARMUP_SECONDS (20), SAMPLE_SECONDS (5), RSS_GROWTH_FACTOR (2), RSS_SLACK_MIB (32),
# SHUTDOWN_LIMIT_SECONDS (15: the 10 s grace plus 5 s), MIX_HOSTILE (0.15), MIX_SEED (1688),
# live mode: GATEWAY_LATENCY_MS (50-200), FAIL_5XX (0.05), FAIL_TIMEOUT (0.02),
# FAIL_TRUNCATED (0.02), ALIBABA_QPS (200), CACHE_SEARCH_TTL_SECS (5), CACHE_PRODUCT_TTL_SECS (10),
# CACHE_CATEGORY_TTL_SECS (30); SKIP_BUILD (0).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SOAK_SECONDS=${SOAK_SECONDS:-120}
MODES=${MODES:-mock live}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-1}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-5}
RSS_GROWTH_FACTOR=${RSS_GROWTH_FACTOR:-2}
RSS_SLACK_MIB=${RSS_SLACK_MIB:-32}
SHUTDOWN_LIMIT_SECONDS=${SHUTDOWN_LIMIT_SECONDS:-15}
export MIX_HOSTILE=${MIX_HOSTILE:-0.15}
GATEWAY_LATENCY_MS=${GATEWAY_LATENCY_MS:-50-200}
FAIL_5XX=${FAIL_5XX:-0.05}
FAIL_TIMEOUT=${FAIL_TIMEOUT:-0.02}
FAIL_TRUNCATED=${FAIL_TRUNCATED:-0.02}
QPS=${ALIBABA_QPS:-200}
SEARCH_TTL=${CACHE_SEARCH_TTL_SECS:-5}
PRODUCT_TTL=${CACHE_PRODUCT_TTL_SECS:-10}
CATEGORY_TTL=${CACHE_CATEGORY_TTL_SECS:-30}

[ "$SOAK_SECONDS" -gt "$WARMUP_SECONDS" ] || die "SOAK_SECONDS must be longer than WARMUP_SECONDS ($WARMUP_SECONDS)"
need wrk curl jq cargo awk
WORK=$(mktemp -d /tmp/storefront-soak.XXXXXX)
trap stop_all EXIT
trap 'exit 130' INT TERM
build_release

FAILURES=()
ROWS=()
DETAILS=()

# sample_rss PID FILE: appends "seconds-since-start KiB" every SAMPLE_SECONDS while PID runs.
sample_rss() {
    local pid=$1 file=$2 start=$SECONDS
    while kill -0 "$pid" 2>/dev/null; do
        echo "$((SECONDS - start)) $(kib "$pid" VmRSS)" >>"$file"
        sleep "$SAMPLE_SECONDS"
    done
}

# count_status JSON CODE: responses with that status code in a MIX line.
count_status() {
    jq -r --arg code "$2" '.status[$code] // 0' <<<"$1"
}

run_mode() {
    local mode=$1
    export MIX_IDS_FILE="" MIX_CATEGORIES=""
    if [ "$mode" = mock ]; then
        start_storefront "$mode"
        # Mock ids are random: take the catalog's ids, best sellers first, as the popularity order.
        for page in $(seq 1 9); do
            curl -fsS "$BASE/api/products?sort=sales&page_size=40&page=$page" | jq -r '.items[].id'
        done >"$WORK/mock-ids.txt"
        MIX_IDS_FILE="$WORK/mock-ids.txt"
        MIX_CATEGORIES=$(curl -fsS "$BASE/api/categories" | jq -r '[.. | objects | .id? // empty] | map(tostring) | join(",")')
        [ -s "$MIX_IDS_FILE" ] && [ -n "$MIX_CATEGORIES" ] || die "could not read the mock catalog"
    else
        start_stand_in "$mode-gateway" --latency-ms "$GATEWAY_LATENCY_MS" --fail-5xx "$FAIL_5XX" \
            --fail-timeout "$FAIL_TIMEOUT" --fail-truncated "$FAIL_TRUNCATED" --seed 1
        start_storefront "$mode" ALIBABA_APP_KEY=12345678 ALIBABA_APP_SECRET=stand-in-app-secret \
            ALIBABA_ACCESS_TOKEN=stand-in-access-token ALIBABA_API_URL="$STAND_IN_URL" \
            ALIBABA_QPS="$QPS" ALIBABA_DAILY_LIMIT=0 CACHE_SEARCH_TTL_SECS="$SEARCH_TTL" \
            CACHE_PRODUCT_TTL_SECS="$PRODUCT_TTL" CACHE_CATEGORY_TTL_SECS="$CATEGORY_TTL"
    fi
    local pid=$STOREFRONT_PID rss_file="$WORK/$mode-rss.txt"
    echo "[$mode] storefront $BASE (pid $pid): ${SOAK_SECONDS}s of load, wrk -t$WRK_THREADS -c$CONNECTIONS, ${MIX_HOSTILE} hostile" >&2

    local rss_start
    rss_start=$(kib "$pid" VmRSS)
    sample_rss "$pid" "$rss_file" &
    local sampler=$!
    STARTED_PIDS+=("$sampler")
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${SOAK_SECONDS}s" --timeout 35s --latency \
        -s "$REPO/bench/mix.lua" "$BASE" >"$WORK/$mode-wrk.txt" 2>&1 || die "wrk failed: $(cat "$WORK/$mode-wrk.txt")"
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    echo "end $(kib "$pid" VmRSS)" >>"$rss_file"
    local peak rss_warm rss_end
    peak=$(kib "$pid" VmHWM)
    rss_warm=$(awk -v w="$WARMUP_SECONDS" '$1 == "end" || $1 + 0 >= w { print $2; exit }' "$rss_file")
    rss_end=$(tail -1 "$rss_file" | awk '{ print $2 }')
    local gateway_stats=""
    [ "$mode" = live ] && gateway_stats=$(curl -fsS "$STAND_IN_STATS")

    # SIGTERM under load: a second wrk keeps the server busy while it shuts down.
    wrk -t1 -c"$CONNECTIONS" -d60s --timeout 35s -s "$REPO/bench/mix.lua" "$BASE" >"$WORK/$mode-shutdown-wrk.txt" 2>&1 &
    local load=$!
    STARTED_PIDS+=("$load")
    sleep 5
    local before_term after_exit code=0 limit
    before_term=$EPOCHREALTIME
    kill -TERM "$pid"
    limit=$((SECONDS + SHUTDOWN_LIMIT_SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$limit" ]; do sleep 0.05; done
    after_exit=$EPOCHREALTIME
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
        FAILURES+=("$mode: still running $((SHUTDOWN_LIMIT_SECONDS + 15)) s after SIGTERM (killed)")
    fi
    wait "$pid" || code=$?
    kill -INT "$load" 2>/dev/null || true
    wait "$load" 2>/dev/null || true
    local stop_secs
    stop_secs=$(awk -v a="$before_term" -v b="$after_exit" 'BEGIN { printf "%.2f", b - a }')
    [ -n "$gateway_stats" ] && { kill -TERM "$STAND_IN_PID" 2>/dev/null || true; wait "$STAND_IN_PID" 2>/dev/null || true; }

    local mix shutdown_mix
    mix=$(mix_json "$WORK/$mode-wrk.txt")
    shutdown_mix=$(mix_json "$WORK/$mode-shutdown-wrk.txt")
    [ -n "$mix" ] || die "no MIX line from wrk: $(cat "$WORK/$mode-wrk.txt")"
    [ -n "$shutdown_mix" ] || shutdown_mix='{"requests":0,"status":{}}'

    # The rules.
    local errors_500 shutdown_500 rss_limit
    errors_500=$(count_status "$mix" 500)
    shutdown_500=$(count_status "$shutdown_mix" 500)
    [ "$errors_500" = 0 ] || FAILURES+=("$mode: $errors_500 responses with status 500 under load")
    [ "$shutdown_500" = 0 ] || FAILURES+=("$mode: $shutdown_500 responses with status 500 during shutdown")
    rss_limit=$(awk -v w="$rss_warm" -v f="$RSS_GROWTH_FACTOR" -v s="$RSS_SLACK_MIB" 'BEGIN { printf "%d", w * f + s * 1024 }')
    local rss_verdict="ok (limit $(mib "$rss_limit") MiB)"
    if [ "$rss_end" -gt "$rss_limit" ]; then
        rss_verdict="FAIL (limit $(mib "$rss_limit") MiB)"
        FAILURES+=("$mode: RSS grew from $(mib "$rss_warm") MiB after warm-up to $(mib "$rss_end") MiB (limit $(mib "$rss_limit") MiB)")
    fi
    local exit_verdict="exit $code after ${stop_secs} s"
    if [ "$code" != 0 ]; then
        FAILURES+=("$mode: exit status $code after SIGTERM")
    elif awk -v t="$stop_secs" -v l="$SHUTDOWN_LIMIT_SECONDS" 'BEGIN { exit !(t > l) }'; then
        FAILURES+=("$mode: took ${stop_secs} s to exit after SIGTERM (limit ${SHUTDOWN_LIMIT_SECONDS} s)")
    fi
    # tower_http's trace layer logs every 5xx response at ERROR: counted apart from the app's own.
    local log_errors http_5xx_lines panics
    log_errors=$(grep ' ERROR ' "$WORK/$mode.log" | grep -vc 'tower_http::trace::on_failure' || true)
    http_5xx_lines=$(grep -c 'ERROR tower_http::trace::on_failure' "$WORK/$mode.log" || true)
    panics=$(grep -c 'panicked' "$WORK/$mode.log" || true)

    ROWS+=("$(jq -nr --argjson m "$mix" --arg mode "$mode" --arg rss "$(mib "$rss_start") / $(mib "$rss_warm") / $(mib "$rss_end") / $(mib "$peak")" \
        --arg rssv "$rss_verdict" --arg exitv "$exit_verdict" '
        def ms(us): ((us / 100 | round) / 10 | tostring) + " ms";
        "| \($mode) | \($m.requests) | \($m.requests / ($m.duration_us / 1e6) | round) | \($m.status | to_entries | map("\(.key): \(.value)") | join(", ")) | \(ms($m.p50_us)) / \(ms($m.p99_us)) | \($rss) | \($rssv) | \($exitv) |"')")
    local series
    series=$(awk '{ printf "%s%s %.0f", (NR > 1 ? ", " : ""), ($1 == "end" ? "end" : $1 "s"), $2 / 1024 }' "$rss_file")
    DETAILS+=("- **$mode** RSS series (s MiB): $series")
    DETAILS+=("- **$mode** requests by kind: $(jq -r '.kinds | to_entries | map("\(.key) \(.value)") | join(", ")' <<<"$mix"); socket errors connect/read/write/timeout: $(jq -r '.errors | "\(.connect)/\(.read)/\(.write)/\(.timeout)"' <<<"$mix")")
    DETAILS+=("- **$mode** during shutdown: $(jq -r '"\(.requests) responses (\(.status | to_entries | map("\(.key): \(.value)") | join(", ")))"' <<<"$shutdown_mix"); log: $log_errors ERROR lines of the app, $http_5xx_lines of tower_http (one per 5xx response), $panics panics")
    if [ -n "$gateway_stats" ]; then
        DETAILS+=("- **$mode** stand-in: $(jq -r '"\(.total_calls) calls (\(.calls | to_entries | map("\(.key | split(":")[1] | sub("-1$"; "")) \(.value)") | join(", "))), faults injected: \(.faults_injected.server_error) 5xx, \(.faults_injected.timeout) timeouts, \(.faults_injected.truncated) truncated; rate-limit answers \(.rate_limited_answers)"' <<<"$gateway_stats")")
    fi
    STARTED_PIDS=()
}

for mode in $MODES; do
    case "$mode" in
        mock | live) run_mode "$mode" ;;
        *) die "unknown mode $mode (mock, live)" ;;
    esac
done

echo
echo "## Soak (${SOAK_SECONDS} s per mode, wrk -c$CONNECTIONS, ${MIX_HOSTILE} hostile requests; live: stand-in ${GATEWAY_LATENCY_MS} ms, ${FAIL_5XX} 5xx, ${FAIL_TIMEOUT} timeouts, ${FAIL_TRUNCATED} truncated, ALIBABA_QPS=$QPS, no daily limit)"
echo
echo "| mode | requests | req/s | responses by status | p50 / p99 | RSS start / after ${WARMUP_SECONDS} s / end / peak (MiB) | RSS rule: end ≤ ${RSS_GROWTH_FACTOR}× warm + ${RSS_SLACK_MIB} MiB | SIGTERM under load |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
printf '%s\n' "${DETAILS[@]}"
echo
echo "logs: $WORK"
if [ "${#FAILURES[@]}" -gt 0 ]; then
    echo
    echo "FAIL:"
    printf '  - %s\n' "${FAILURES[@]}"
    exit 1
fi
echo "PASS"
