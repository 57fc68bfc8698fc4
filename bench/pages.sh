#!/usr/bin/env bash
# Page benchmark (issues 5 and 12): the storefront against nginx serving the very same bytes.
#
# Builds the release binary, starts it in mock mode on loopback, saves each page's exact body (plain,
# and brotli and gzip as the storefront sends them), serves those bodies with a private nginx
# (brotli_static, gzip_static), and measures both with wrk in interleaved rounds, each page both
# without Accept-Encoding and as a browser asks (Accept-Encoding: br, gzip). Then a mix of distinct
# listing URLs (bench/listings.lua) against the storefront, both ways. Prints a Markdown table and
# PASS/FAIL per target. It is a report: exit 0 even when a target fails, non-zero
# only when the setup itself broke. See bench/README.md.
set -euo pipefail

# ---------------------------------------------------------------------------------------------------
# Settings (env vars; see bench/README.md)

BENCH_SECONDS=${BENCH_SECONDS:-5}            # length of one wrk run
BENCH_ROUNDS=${BENCH_ROUNDS:-3}              # measured runs per server and page (medians reported)
BENCH_WARMUP=${BENCH_WARMUP:-1}              # seconds of unrecorded load per server and page; 0 = none
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}   # wrk -c
BENCH_THREADS=${BENCH_THREADS:-1}            # wrk -t
BENCH_PRODUCT_ID=${BENCH_PRODUCT_ID:-610947572360}
BENCH_KEEP=${BENCH_KEEP:-0}                  # 1 = keep the temp dir (bodies, wrk output, logs)
BENCH_MIX_SECONDS=${BENCH_MIX_SECONDS:-30}   # each distinct-URL listing run (two: plain, browser)

# Targets from issues 5 and 12.
readonly TARGET_RATIO=0.8          # storefront/nginx throughput, listing and product pages, both ways
readonly TARGET_P99_MS=5           # every page, and the distinct-URL mix
readonly TARGET_MIX_RATIO=0.5      # distinct listing URLs / repeated /products, as a browser asks
readonly TARGET_RSS_KB=$((32 * 1024))
readonly TARGET_FIRST_MS=100
readonly TARGET_LISTING_BYTES=60000  # 60 KB, read strictly as 60 000 bytes

readonly LOOPBACK=127.0.0.1
readonly BROWSER_ACCEPT='br, gzip'   # what every current browser offers (and more: deflate, zstd)
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REPO

# State the cleanup trap needs; filled in as things start.
TMP=""
SERVER_PID=""
NGINX_PID=""
SAMPLER_PID=""

# ---------------------------------------------------------------------------------------------------
# Small helpers

log() { printf '%s\n' "$*" >&2; }

die() {
    log "pages.sh: $*"
    exit 2
}

is_positive_int() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }

check_settings() {
    local var
    for var in BENCH_SECONDS BENCH_ROUNDS BENCH_CONNECTIONS BENCH_THREADS BENCH_MIX_SECONDS; do
        is_positive_int "${!var}" || die "$var must be a positive integer (got '${!var}')"
    done
    [[ $BENCH_WARMUP =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be 0 or a positive integer"
    [[ $BENCH_PRODUCT_ID =~ ^[0-9]+$ ]] || die "BENCH_PRODUCT_ID must be digits"
}

# nginx lives in /usr/sbin, which is not on every user's PATH.
NGINX_BIN=""
BROTLI_MODULE=""
require_tools() {
    local missing=() tool
    for tool in cargo curl awk sed sort cmp getconf pgrep timeout; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}"
    # The two this benchmark is about: say exactly how to get them, install nothing.
    command -v wrk >/dev/null || missing+=(wrk)
    NGINX_BIN=$(PATH="$PATH:/usr/sbin:/sbin" command -v nginx || true)
    [[ -n $NGINX_BIN ]] || missing+=(nginx)
    # Debian's dynamic module for serving precompressed .br files.
    BROTLI_MODULE=$(ls /usr/lib/nginx/modules/ngx_http_brotli_static_module.so \
        /usr/share/nginx/modules/ngx_http_brotli_static_module.so 2>/dev/null | head -1 || true)
    [[ -n $BROTLI_MODULE ]] || missing+=(libnginx-mod-http-brotli-static)
    if ((${#missing[@]})); then
        log "pages.sh: missing: ${missing[*]}; install with:"
        log "  sudo apt-get install -y ${missing[*]}"
        exit 2
    fi
    ((BASH_VERSINFO[0] >= 5)) || die "needs bash 5 (for EPOCHREALTIME)"
}

# Microseconds since the epoch into NOW_US, without forking (a fork per poll would blur start-up time).
NOW_US=0
now_us() { NOW_US=${EPOCHREALTIME/[.,]/}; }

# A port nobody listens on. There is a small race until our server binds it; good enough for a bench.
free_port() {
    local port tries
    for ((tries = 0; tries < 100; tries++)); do
        port=$((20000 + RANDOM % 40000))
        if ! (: <"/dev/tcp/$LOOPBACK/$port") 2>/dev/null; then
            printf '%s' "$port"
            return
        fi
    done
    die "found no free port on $LOOPBACK"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# median "1 3 2" -> 2 (the values of the rounds, space-separated as they are collected)
median() {
    tr -s ' ' '\n' <<<"$*" | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 }
        END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# CPU time (user + system) of a process in clock ticks; 0 once it is gone.
cpu_ticks() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    # Fields after "pid (comm) ": utime is the 12th, stime the 13th.
    awk '{ print $12 + $13 }' <<<"${stat##*) }"
}

status_kb() { # status_kb PID FIELD -> the field of /proc/PID/status in kB
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------------
# Cleanup: always stop what we started, even on Ctrl-C or an error half-way.

cleanup() {
    local pid
    for pid in "$SAMPLER_PID" "$SERVER_PID" "$NGINX_PID"; do
        if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; fi
    done
    for pid in "$SAMPLER_PID" "$SERVER_PID" "$NGINX_PID"; do
        if [[ -n $pid ]]; then wait "$pid" 2>/dev/null || true; fi
    done
    if [[ -n $TMP && -d $TMP ]]; then
        if [[ $BENCH_KEEP == 1 ]]; then
            log "kept $TMP"
        else
            rm -rf -- "$TMP"
        fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------
# The storefront

BINARY=""
build_release() {
    log "== cargo build --release"
    (cd "$REPO" && cargo build --release --locked --quiet -p storefront --bin storefront) ||
        die "cargo build --release failed"
    local target_dir=${CARGO_TARGET_DIR:-$REPO/target}
    [[ $target_dir == /* ]] || target_dir=$REPO/$target_dir
    BINARY=$target_dir/release/storefront
    [[ -x $BINARY ]] || die "no binary at $BINARY"
}

# Answers 0 once /healthz says 200. Pure bash (no curl fork) so polling is tight.
healthz_answers() {
    local status=""
    {
        printf 'GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$LOOPBACK" >&3
        IFS= read -r -t 2 status <&3 || true
    } 2>/dev/null 3<>"/dev/tcp/$LOOPBACK/$SERVER_PORT" || return 1
    [[ $status == "HTTP/1.1 200"* ]]
}

SERVER_PORT=""
FIRST_ANSWER_MS=""
start_storefront() {
    SERVER_PORT=$(free_port)
    log "== starting storefront on $LOOPBACK:$SERVER_PORT (mock mode)"
    local started deadline
    now_us
    started=$NOW_US
    # Run from the temp dir so no developer .env is picked up; drop every source's credentials
    # (and a forced source) so it is mock mode.
    (cd "$TMP" && exec env -u ALIBABA_APP_KEY -u ALIBABA_APP_SECRET -u ALIBABA_ACCESS_TOKEN \
        -u ONEBOUND_KEY -u ONEBOUND_SECRET -u STOREFRONT_PROVIDER -u REDIS_URL \
        HOST="$LOOPBACK" PORT="$SERVER_PORT" RUST_LOG=warn STOREFRONT_DATA_DIR="$TMP/data" \
        "$BINARY") >"$TMP/storefront.log" 2>&1 &
    SERVER_PID=$!
    deadline=$((started + 10 * 1000000))
    until healthz_answers; do
        kill -0 "$SERVER_PID" 2>/dev/null || die "storefront exited at start: $(tail -5 "$TMP/storefront.log")"
        now_us
        ((NOW_US < deadline)) || die "storefront did not answer /healthz within 10 s"
    done
    now_us
    FIRST_ANSWER_MS=$(awk -v us=$((NOW_US - started)) 'BEGIN { printf "%.1f", us / 1000 }')
    log "   first answer after $FIRST_ANSWER_MS ms"
}

# VmRSS samples while the run lasts; VmHWM at the end gives the true peak.
start_rss_sampler() {
    (
        while kill -0 "$SERVER_PID" 2>/dev/null; do
            status_kb "$SERVER_PID" VmRSS
            sleep 0.2
        done
    ) >"$TMP/rss.samples" &
    SAMPLER_PID=$!
}

# ---------------------------------------------------------------------------------------------------
# Targets: name, storefront path (with query), saved file name

# Each target is measured twice: without Accept-Encoding, and as a browser asks ("NAME (br)"),
# where both servers send the same brotli bytes (FILE.br).
declare -a NAMES=() PATHS=() FILES=() ACCEPTS=()
CSS_PATH=""
add_target() {
    local accept
    for accept in "" "$BROWSER_ACCEPT"; do
        NAMES+=("$1${accept:+ (br)}")
        PATHS+=("$2")
        FILES+=("$3")
        ACCEPTS+=("$accept")
    done
}

# The file a target's answer is saved in: the plain body, or FILE.br / FILE.gz as encoded.
encoded_file() { # encoded_file INDEX -> file name under bodies/
    local i=$1
    if [[ -n ${ACCEPTS[i]} && -e $TMP/bodies/${FILES[i]}.br ]]; then
        printf '%s.br' "${FILES[i]}"
    else
        printf '%s' "${FILES[i]}"
    fi
}

define_targets() {
    add_target "/" "/" home.html
    add_target "/products" "/products" products.html
    add_target "/products/$BENCH_PRODUCT_ID" "/products/$BENCH_PRODUCT_ID" product.html
    add_target "/search?q=手机" "/search?q=%E6%89%8B%E6%9C%BA" search.html
    add_target "/api/products" "/api/products" api-products.json
    # The stylesheet's fingerprinted URL is whatever the home page links to.
    local css
    css=$(grep -o 'href="/static/style\.css?v=[^"]*"' "$TMP/bodies/home.html" | head -1 | sed 's/^href="//; s/"$//') ||
        true
    [[ -n $css ]] || die "no <link rel=stylesheet href=/static/style.css?v=…> in the home page"
    CSS_PATH=$css
    add_target "stylesheet" "$css" style.css
    # Reference: the cheapest route, to separate framework + network cost from page rendering.
    add_target "/healthz (ref)" "/healthz" healthz.txt
}

declare -A HTTP_STATUS=() BYTES=()
save_body() { # save_body PATH FILE
    local out code
    out=$(curl -sS --max-time 10 -o "$TMP/bodies/$2" -w '%{http_code}' "http://$LOOPBACK:$SERVER_PORT$1") ||
        die "curl $1 failed"
    code=$out
    HTTP_STATUS[$2]=$code
    BYTES[$2]=$(wc -c <"$TMP/bodies/$2")
    ((code == 200)) || log "   WARNING: $1 answered HTTP $code; it will not be measured"
    # The compressed bodies exactly as the storefront sends them (curl without --compressed keeps
    # them encoded); kept only when it did encode them.
    local coding encoding
    for coding in br gzip; do
        encoding=$(curl -sS --max-time 10 -H "Accept-Encoding: $coding" -o "$TMP/bodies/$2.$coding" \
            -D - "http://$LOOPBACK:$SERVER_PORT$1" | tr -d '\r' |
            awk 'tolower($1) == "content-encoding:" { print $2 }')
        if [[ $encoding == "$coding" ]]; then
            BYTES[$2.${coding/gzip/gz}]=$(wc -c <"$TMP/bodies/$2.$coding")
        else
            rm -f "$TMP/bodies/$2.$coding"
        fi
    done
    [[ ! -e $TMP/bodies/$2.gzip ]] || mv "$TMP/bodies/$2.gzip" "$TMP/bodies/$2.gz"
}

save_bodies() {
    log "== saving response bodies to $TMP/bodies"
    mkdir -p "$TMP/bodies"
    save_body / home.html # first: the stylesheet URL comes from it
    define_targets
    local i
    for ((i = 2; i < ${#NAMES[@]}; i += 2)); do # every page once: both ways share the files
        save_body "${PATHS[i]}" "${FILES[i]}"
    done
    chmod -R a+rX "$TMP/bodies" # nginx workers may run as another user when started by root
    # Live mode would measure the 1688 gateway, not the storefront.
    grep -q '"source":"mock"' "$TMP/bodies/api-products.json" ||
        die "the server is not in mock mode: $(head -c 200 "$TMP/bodies/api-products.json")"
}

# ---------------------------------------------------------------------------------------------------
# nginx serving the saved bodies

NGINX_PORT=""
write_nginx_conf() {
    local dir=$TMP/nginx i locations=""
    mkdir -p "$dir"
    for ((i = 0; i < ${#NAMES[@]}; i += 2)); do
        # Locations match the path only, so "/search?q=…" is served by "location = /search".
        locations+="        location = ${PATHS[i]%%\?*} { try_files /${FILES[i]} =404; }"$'\n'
    done
    cat >"$dir/nginx.conf" <<EOF
# Generated by bench/pages.sh: one worker serving the storefront's saved bodies, and their .br / .gz
# forms (the storefront's own bytes) to clients that accept them.
load_module $BROTLI_MODULE;
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    # hyper never closes a keep-alive connection; nginx's default would, every 1000 requests.
    keepalive_requests 1000000;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    types {
        text/html html;
        application/json json;
        text/css css;
        text/plain txt;
    }
    charset utf-8;
    charset_types text/css application/json text/plain;
    brotli_static on;
    gzip_static on;
    gzip_vary on;
    server {
        listen $LOOPBACK:$NGINX_PORT;
        root $TMP/bodies;
$locations    }
}
EOF
}

start_nginx() {
    NGINX_PORT=$(free_port)
    write_nginx_conf
    log "== starting nginx on $LOOPBACK:$NGINX_PORT (1 worker)"
    # -e: otherwise nginx opens the system error log before reading our config.
    "$NGINX_BIN" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" \
        >"$TMP/nginx/stdout.log" 2>&1 &
    NGINX_PID=$!
    local tries
    for ((tries = 0; tries < 100; tries++)); do
        curl -s -o /dev/null --max-time 1 "http://$LOOPBACK:$NGINX_PORT/" && break
        kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited: $(tail -5 "$TMP/nginx/error.log")"
        sleep 0.05
    done
    verify_nginx_bodies
}

# The comparison is only fair if nginx sends exactly the bytes the storefront sent.
verify_nginx_bodies() {
    local i got=$TMP/nginx/check
    for ((i = 0; i < ${#NAMES[@]}; i++)); do
        [[ ${HTTP_STATUS[${FILES[i]}]} == 200 ]] || continue
        curl -sS --max-time 5 -H "Accept-Encoding: ${ACCEPTS[i]}" -o "$got" \
            "http://$LOOPBACK:$NGINX_PORT${PATHS[i]}" || die "nginx did not serve ${PATHS[i]}"
        cmp -s "$got" "$TMP/bodies/$(encoded_file "$i")" || die "nginx serves different bytes for ${NAMES[i]}"
        curl -sS --max-time 5 -H "Accept-Encoding: ${ACCEPTS[i]}" -o "$got" \
            "http://$LOOPBACK:$SERVER_PORT${PATHS[i]}" || die "storefront did not serve ${PATHS[i]}"
        cmp -s "$got" "$TMP/bodies/$(encoded_file "$i")" ||
            die "the storefront's bytes for ${NAMES[i]} changed since they were saved"
    done
}

nginx_worker_pid() {
    pgrep -P "$NGINX_PID" | head -1
}

# ---------------------------------------------------------------------------------------------------
# wrk

# run_wrk URL SECONDS SERVER_PID [WRK ARGS…] -> "req/s p50_ms p99_ms non2xx socket_errors server_cpu% wrk_cpu%"
run_wrk() {
    local url=$1 seconds=$2 pid=$3 out=$TMP/wrk.out times=$TMP/wrk.times
    shift 3
    local ticks_before ticks_after hz=$CLK_TCK wrk_cpu
    ticks_before=$(cpu_ticks "$pid")
    # `time` reports wrk's own CPU (user + sys), to show how the 2 cores were split.
    local TIMEFORMAT='%U %S'
    { time timeout --foreground -k 5 $((seconds + 15)) wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${seconds}s" \
        --latency --timeout 5s "$@" "$url" >"$out" 2>&1; } 2>"$times" || die "wrk failed on $url: $(cat "$out")"
    ticks_after=$(cpu_ticks "$pid")
    wrk_cpu=$(awk -v s="$seconds" '{ printf "%.0f", ($1 + $2) * 100 / s }' "$times")
    cat "$out" >>"$TMP/wrk.all"
    awk -v s="$seconds" -v hz="$hz" -v cpu=$((ticks_after - ticks_before)) -v wrk_cpu="$wrk_cpu" '
        function ms(v) {   # wrk prints 812.00us, 1.23ms or 1.01s
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /s$/) return v * 1000
            return v
        }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        /Socket errors:/ { errs = $4 + $6 + $8 + $10 }
        END {
            if (rps == "") exit 1
            printf "%.0f %.3f %.3f %d %d %.0f %s\n", rps, p50, p99, bad, errs, cpu * 100 / hz / s, wrk_cpu
        }' "$out" || die "could not parse wrk output for $url: $(cat "$out")"
}

declare -A SF_RPS=() SF_P50=() SF_P99=() SF_CPU=() SF_US=() NG_RPS=() NG_P50=() NG_P99=() NG_CPU=() NG_US=() WRK_CPU=()
measure_once() { # measure_once INDEX SERVER(storefront|nginx) ROUND
    local i=$1 server=$2 round=$3 port pid result
    if [[ $server == storefront ]]; then
        port=$SERVER_PORT pid=$SERVER_PID
    else
        port=$NGINX_PORT pid=$NGINX_WORKER
    fi
    local accept=()
    [[ -z ${ACCEPTS[i]} ]] || accept=(-H "Accept-Encoding: ${ACCEPTS[i]}")
    result=$(run_wrk "http://$LOOPBACK:$port${PATHS[i]}" "$BENCH_SECONDS" "$pid" "${accept[@]}")
    local rps p50 p99 bad errs cpu wrkcpu us
    read -r rps p50 p99 bad errs cpu wrkcpu <<<"$result"
    # Server CPU time per request: unlike req/s it barely depends on how much CPU the server got.
    us=$(awk -v c="$cpu" -v r="$rps" 'BEGIN { printf "%.1f", c * 10000 / r }')
    printf '   round %d  %-10s %7s req/s  p50 %6.2f ms  p99 %6.2f ms  server CPU %3s%% (%5.1f us/req)  wrk CPU %3s%%\n' \
        "$round" "$server" "$rps" "$p50" "$p99" "$cpu" "$us" "$wrkcpu" >&2
    ((bad == 0 && errs == 0)) || log "   WARNING: $bad non-2xx responses, $errs socket errors"
    local key=${NAMES[i]}
    if [[ $server == storefront ]]; then
        SF_RPS[$key]+="$rps " SF_P50[$key]+="$p50 " SF_P99[$key]+="$p99 " SF_CPU[$key]+="$cpu " SF_US[$key]+="$us "
    else
        NG_RPS[$key]+="$rps " NG_P50[$key]+="$p50 " NG_P99[$key]+="$p99 " NG_CPU[$key]+="$cpu " NG_US[$key]+="$us "
    fi
    WRK_CPU[$key]+="$wrkcpu "
}

warm_up() { # warm_up INDEX
    ((BENCH_WARMUP > 0)) || return 0
    local port accept=()
    [[ -z ${ACCEPTS[$1]} ]] || accept=(-H "Accept-Encoding: ${ACCEPTS[$1]}")
    for port in "$SERVER_PORT" "$NGINX_PORT"; do
        timeout --foreground -k 5 $((BENCH_WARMUP + 15)) wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_WARMUP}s" \
            "${accept[@]}" "http://$LOOPBACK:$port${PATHS[$1]}" >/dev/null 2>&1 || die "wrk warm-up failed"
    done
}

# Rounds alternate which server goes first, so drift (thermal, other builds) hits both alike.
measure_all() {
    local i round
    for ((i = 0; i < ${#NAMES[@]}; i++)); do
        log "== ${NAMES[i]}  (${PATHS[i]})"
        if [[ ${HTTP_STATUS[${FILES[i]}]} != 200 ]]; then
            log "   skipped: HTTP ${HTTP_STATUS[${FILES[i]}]}"
            continue
        fi
        warm_up "$i"
        for ((round = 1; round <= BENCH_ROUNDS; round++)); do
            if ((round % 2)); then
                measure_once "$i" storefront "$round"
                measure_once "$i" nginx "$round"
            else
                measure_once "$i" nginx "$round"
                measure_once "$i" storefront "$round"
            fi
        done
    done
}

# ---------------------------------------------------------------------------------------------------
# Distinct listing URLs (bench/listings.lua): the storefront alone (nginx cannot answer them), both
# ways, one run each of BENCH_MIX_SECONDS; their rate is compared with the repeated /products.

declare -A MIX_RPS=() MIX_P50=() MIX_P99=() MIX_US=() MIX_CPU=() MIX_URLS=() MIX_REQUESTS=()
measure_mix() {
    local way accept result rps p50 p99 bad errs cpu wrkcpu line
    for way in plain br; do
        accept=()
        [[ $way == plain ]] || accept=(-H "Accept-Encoding: $BROWSER_ACCEPT")
        log "== distinct listing URLs ($way), ${BENCH_MIX_SECONDS} s"
        result=$(run_wrk "http://$LOOPBACK:$SERVER_PORT" "$BENCH_MIX_SECONDS" "$SERVER_PID" \
            -s "$REPO/bench/listings.lua" "${accept[@]}")
        read -r rps p50 p99 bad errs cpu wrkcpu <<<"$result"
        line=$(grep '^LISTINGS ' "$TMP/wrk.out" || true)
        MIX_RPS[$way]=$rps MIX_P50[$way]=$p50 MIX_P99[$way]=$p99 MIX_CPU[$way]=$cpu
        MIX_US[$way]=$(awk -v c="$cpu" -v r="$rps" 'BEGIN { printf "%.1f", c * 10000 / r }')
        MIX_URLS[$way]=$(sed -n 's/.*"distinct_urls":\([0-9]*\).*/\1/p' <<<"$line")
        MIX_REQUESTS[$way]=$(sed -n 's/.*"requests":\([0-9]*\).*/\1/p' <<<"$line")
        printf '   %7s req/s  p50 %6.2f ms  p99 %6.2f ms  server CPU %3s%% (%5.1f us/req)  %s distinct URLs\n' \
            "$rps" "$p50" "$p99" "$cpu" "${MIX_US[$way]}" "${MIX_URLS[$way]}" >&2
        ((bad == 0 && errs == 0)) || log "   WARNING: $bad non-2xx responses, $errs socket errors"
    done
}

# ---------------------------------------------------------------------------------------------------
# Header checks

header_of() { # header_of NAME -- curl args…  -> the header's value, or "(none)"
    local name=$1 value
    shift
    value=$(curl -sS --max-time 10 -o /dev/null -D - "$@" |
        awk -v n="$(tr '[:upper:]' '[:lower:]' <<<"$name"):" 'tolower($1) == n { $1 = ""; sub(/^ /, ""); sub(/\r$/, ""); print; exit }')
    printf '%s' "${value:-(none)}"
}

CONTENT_ENCODING="" VARY="" CSS_CACHE="" CSS_ETAG="" LISTING_CARDS=""
check_headers() {
    local base=http://$LOOPBACK:$SERVER_PORT
    CONTENT_ENCODING=$(header_of Content-Encoding -H 'Accept-Encoding: gzip, br' "$base/products")
    VARY=$(header_of Vary "$base/products")
    CSS_CACHE=$(header_of Cache-Control "$base$CSS_PATH")
    CSS_ETAG=$(header_of ETag "$base$CSS_PATH")
    LISTING_CARDS=$(grep -o '<li class="card">' "$TMP/bodies/products.html" | wc -l || true)
}

# ---------------------------------------------------------------------------------------------------
# Report

verdict() { # verdict CONDITION(awk expression) -> PASS or FAIL
    awk "BEGIN { exit !($1) }" && printf PASS || printf FAIL
}

PEAK_RSS_KB="" SAMPLED_RSS_KB=""
read_memory() {
    PEAK_RSS_KB=$(status_kb "$SERVER_PID" VmHWM)
    SAMPLED_RSS_KB=$(sort -n "$TMP/rss.samples" | tail -1)
    [[ -n $PEAK_RSS_KB ]] || die "storefront is gone before the end of the run"
}

report() {
    local i key sf ng ratio p50 p99 bytes sf_us ng_us ng_cpu busy=()
    declare -gA RATIO=() P99=()
    echo
    echo "## Page benchmark: storefront vs nginx (same bytes)"
    echo
    printf 'wrk -t%s -c%s -d%ss --latency, %s rounds (medians), %s cores, %s\n' "$BENCH_THREADS" \
        "$BENCH_CONNECTIONS" "$BENCH_SECONDS" "$BENCH_ROUNDS" "$(nproc)" "$(uname -sr)"
    # Other work on the machine skews everything; the load average shows how busy it was.
    printf 'load average before: %s, after: %s\n' "$LOAD_BEFORE" "$(load_average)"
    echo
    echo "(br) = with Accept-Encoding: $BROWSER_ACCEPT, as browsers ask; bytes = the body sent (brotli there)"
    echo
    echo "| page | storefront req/s | nginx req/s | ratio | p50 | p99 | bytes |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for ((i = 0; i < ${#NAMES[@]}; i++)); do
        key=${NAMES[i]}
        bytes=${BYTES[$(encoded_file "$i")]}
        if [[ -z ${SF_RPS[$key]:-} ]]; then
            printf '| %s | – | – | – | – | – | HTTP %s |\n' "$key" "${HTTP_STATUS[${FILES[i]}]}"
            continue
        fi
        sf=$(median "${SF_RPS[$key]}")
        ng=$(median "${NG_RPS[$key]}")
        p50=$(median "${SF_P50[$key]}")
        p99=$(median "${SF_P99[$key]}")
        ratio=$(awk -v a="$sf" -v b="$ng" 'BEGIN { printf "%.2f", a / b }')
        RATIO[$key]=$ratio P99[$key]=$p99
        printf '| %s | %.0f | %.0f | %s | %.2f ms | %.2f ms | %s |\n' "$key" "$sf" "$ng" "$ratio" "$p50" "$p99" "$bytes"
    done
    echo
    report_mix
    echo
    printf 'Peak RSS (VmHWM): %.1f MB (highest VmRSS sample: %.1f MB)\n' \
        "$(awk -v k="$PEAK_RSS_KB" 'BEGIN { print k / 1024 }')" "$(awk -v k="${SAMPLED_RSS_KB:-0}" 'BEGIN { print k / 1024 }')"
    printf 'Time to first answer (/healthz, from process start): %s ms\n' "$FIRST_ANSWER_MS"
    echo
    echo "Context per page (medians): nginx latency under the same load; server CPU time per request"
    echo "(robust to machine noise); CPU used during the runs (100% = one core; storefront = all its"
    echo "threads, nginx = its one worker, wrk = the load generator):"
    for ((i = 0; i < ${#NAMES[@]}; i++)); do
        key=${NAMES[i]}
        [[ -n ${SF_CPU[$key]:-} ]] || continue
        sf_us=$(median "${SF_US[$key]}")
        ng_us=$(median "${NG_US[$key]}")
        ng_cpu=$(median "${NG_CPU[$key]}")
        # nginx's one worker saturates a core under this load unless something else takes the CPU.
        if awk -v c="$ng_cpu" 'BEGIN { exit !(c < 85) }'; then busy+=("$key"); fi
        printf -- '- %s: nginx p50 %.2f ms, p99 %.2f ms; CPU/request storefront %.1f us, nginx %.1f us (CPU ratio %.2f);' \
            "$key" "$(median "${NG_P50[$key]}")" "$(median "${NG_P99[$key]}")" "$sf_us" "$ng_us" \
            "$(awk -v a="$ng_us" -v b="$sf_us" 'BEGIN { print a / b }')"
        printf ' CPU storefront %s%%, nginx %s%%, wrk %s%%\n' \
            "$(median "${SF_CPU[$key]}")" "$(median "${NG_CPU[$key]}")" "$(median "${WRK_CPU[$key]}")"
    done
    if ((${#busy[@]})); then
        local list
        printf -v list '%s, ' "${busy[@]}"
        echo
        printf 'Note: the machine was busy during %s: nginx got less than 85%% of a core, so req/s, ratio and\n' "${list%, }"
        echo "p99 there reflect the other load; CPU/request (and the CPU ratio) still hold. Re-run when it is quiet."
    fi
    echo
    echo "Checks:"
    printf -- '- /products with Accept-Encoding: gzip, br -> Content-Encoding: %s  %s\n' "$CONTENT_ENCODING" \
        "$([[ $CONTENT_ENCODING == gzip || $CONTENT_ENCODING == br ]] && echo PASS || echo FAIL)"
    printf -- '- /products Vary: %s  %s\n' "$VARY" "$([[ ${VARY,,} == *accept-encoding* ]] && echo PASS || echo FAIL)"
    printf -- '- listing HTML: %s bytes for %s product cards (20 expected); brotli %s bytes, gzip %s bytes\n' \
        "${BYTES[products.html]}" "$LISTING_CARDS" "${BYTES[products.html.br]:-?}" "${BYTES[products.html.gz]:-?}"
    printf -- '- stylesheet Cache-Control: %s\n' "$CSS_CACHE"
    printf -- '- stylesheet ETag: %s\n' "$CSS_ETAG"
    echo
    echo "Targets:"
    local page
    for page in "/products" "/search?q=手机" "/products/$BENCH_PRODUCT_ID" \
        "/products (br)" "/search?q=手机 (br)" "/products/$BENCH_PRODUCT_ID (br)"; do
        if [[ -n ${RATIO[$page]:-} ]]; then
            printf -- '- ratio >= %s on %s: %s  %s\n' "$TARGET_RATIO" "$page" "${RATIO[$page]}" \
                "$(verdict "${RATIO[$page]} >= $TARGET_RATIO")"
        else
            printf -- '- ratio >= %s on %s: not measured  FAIL\n' "$TARGET_RATIO" "$page"
        fi
    done
    for ((i = 0; i < ${#NAMES[@]}; i++)); do
        key=${NAMES[i]}
        [[ -n ${P99[$key]:-} && $key != *"(ref)" ]] || continue
        printf -- '- p99 < %s ms on %s: %.2f ms  %s\n' "$TARGET_P99_MS" "$key" "${P99[$key]}" \
            "$(verdict "${P99[$key]} < $TARGET_P99_MS")"
    done
    local way mix_ratio
    for way in plain br; do
        [[ -n ${MIX_RATIO[$way]:-} ]] || continue
        mix_ratio=${MIX_RATIO[$way]}
        if [[ $way == br ]]; then
            printf -- '- distinct listing URLs (br) >= %s x repeated /products (br): %s  %s\n' "$TARGET_MIX_RATIO" \
                "$mix_ratio" "$(verdict "$mix_ratio >= $TARGET_MIX_RATIO")"
        fi
        printf -- '- p99 < %s ms on distinct listing URLs (%s): %.2f ms  %s\n' "$TARGET_P99_MS" "$way" \
            "${MIX_P99[$way]}" "$(verdict "${MIX_P99[$way]} < $TARGET_P99_MS")"
    done
    printf -- '- peak RSS < %s MB: %.1f MB  %s\n' $((TARGET_RSS_KB / 1024)) \
        "$(awk -v k="$PEAK_RSS_KB" 'BEGIN { print k / 1024 }')" "$(verdict "$PEAK_RSS_KB < $TARGET_RSS_KB")"
    printf -- '- first answer < %s ms: %s ms  %s\n' "$TARGET_FIRST_MS" "$FIRST_ANSWER_MS" \
        "$(verdict "$FIRST_ANSWER_MS < $TARGET_FIRST_MS")"
    printf -- '- listing (20 products) < %s bytes: %s bytes  %s\n' "$TARGET_LISTING_BYTES" "${BYTES[products.html]}" \
        "$(verdict "${BYTES[products.html]} < $TARGET_LISTING_BYTES && $LISTING_CARDS == 20")"
}

# The distinct-URL runs, as a ratio to the repeated /products of the same way.
report_mix() {
    declare -gA MIX_RATIO=()
    [[ -n ${MIX_RPS[plain]:-} ]] || return 0
    echo "Distinct listing URLs (bench/listings.lua: keyword x sort x page x price range), storefront only,"
    echo "one ${BENCH_MIX_SECONDS} s run each way; ratio = its req/s / the repeated /products req/s of the same way:"
    echo
    echo "| run | req/s | ratio to repeated | p50 | p99 | CPU/request | distinct URLs / requests |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    local way key repeated
    for way in plain br; do
        key=/products
        [[ $way == plain ]] || key="/products (br)"
        repeated=$(median "${SF_RPS[$key]:-0}")
        MIX_RATIO[$way]=$(awk -v a="${MIX_RPS[$way]}" -v b="$repeated" 'BEGIN { printf "%.2f", b ? a / b : 0 }')
        printf '| distinct listings (%s) | %.0f | %s | %.2f ms | %.2f ms | %s us | %s / %s |\n' "$way" \
            "${MIX_RPS[$way]}" "${MIX_RATIO[$way]}" "${MIX_P50[$way]}" "${MIX_P99[$way]}" "${MIX_US[$way]}" \
            "${MIX_URLS[$way]:-?}" "${MIX_REQUESTS[$way]:-?}"
    done
    printf '\nRSS after the %s s of distinct-URL load: %.1f MB\n' $((2 * BENCH_MIX_SECONDS)) \
        "$(awk -v k="${RSS_AFTER_MIX_KB:-0}" 'BEGIN { print k / 1024 }')"
}

# ---------------------------------------------------------------------------------------------------

main() {
    check_settings
    require_tools
    CLK_TCK=$(getconf CLK_TCK)
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/storefront-bench.XXXXXX")
    chmod 755 "$TMP" # readable by nginx workers (they drop to "nobody" when started by root)

    build_release
    LOAD_BEFORE=$(load_average)
    start_storefront
    start_rss_sampler
    save_bodies
    start_nginx
    NGINX_WORKER=$(nginx_worker_pid)
    [[ -n $NGINX_WORKER ]] || die "cannot find the nginx worker process"

    local runs=$((${#NAMES[@]} * 2 * (BENCH_ROUNDS * BENCH_SECONDS + BENCH_WARMUP) + 2 * BENCH_MIX_SECONDS))
    log "== measuring ${#NAMES[@]} targets, about $((runs / 60)) min $((runs % 60)) s"
    measure_all
    measure_mix
    RSS_AFTER_MIX_KB=$(status_kb "$SERVER_PID" VmRSS)
    check_headers
    read_memory
    report
}

main "$@"
