# Shared helpers of bench/live.sh and bench/soak.sh (sourced, not run).
#
# Processes are started in the background with their output in $WORK; their pids are recorded so
# that `stop_all` (run from an EXIT trap) ends exactly the processes these scripts started.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STOREFRONT_BIN="$REPO/target/release/storefront"
STAND_IN_BIN="$REPO/target/release/stand-in-gateway"
ONEBOUND_STAND_IN_BIN="$REPO/target/release/stand-in-onebound"
STARTED_PIDS=()

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "needs $tool on PATH"
    done
}

# Builds the release binaries once: the storefront, and the stand-ins of the 1688 gateway and of
# Onebound (SKIP_BUILD=1 reuses what is there).
build_release() {
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        echo "building release (storefront + stand-in-gateway + stand-in-onebound)..." >&2
        (cd "$REPO" && cargo build --release --locked --quiet -p storefront --bin storefront \
            -p stand-ins --bin stand-in-gateway --bin stand-in-onebound) || die "release build failed"
    fi
    [ -x "$STOREFRONT_BIN" ] && [ -x "$STAND_IN_BIN" ] && [ -x "$ONEBOUND_STAND_IN_BIN" ] ||
        die "release binaries missing; run without SKIP_BUILD"
}

# Sends SIGTERM to every process started here that still runs, then SIGKILL after 15 s.
stop_all() {
    local pid deadline
    for pid in "${STARTED_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    deadline=$((SECONDS + 15))
    for pid in "${STARTED_PIDS[@]}"; do
        while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    STARTED_PIDS=()
}

# wait_for_url FILE PATTERN: prints the first match of the grep -o PATTERN in FILE, waiting up to 30 s.
wait_for_url() {
    local file=$1 pattern=$2 deadline=$((SECONDS + 30)) found
    while [ "$SECONDS" -lt "$deadline" ]; do
        found=$(grep -m1 -o "$pattern" "$file" 2>/dev/null || true)
        if [ -n "$found" ]; then
            echo "$found"
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# start_stand_in NAME ARGS...: sets STAND_IN_PID, STAND_IN_URL (…/openapi) and STAND_IN_STATS.
start_stand_in() {
    local name=$1
    shift
    "$STAND_IN_BIN" --port 0 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    STAND_IN_PID=$!
    STARTED_PIDS+=("$STAND_IN_PID")
    STAND_IN_URL=$(wait_for_url "$WORK/$name.out" 'http://127\.0\.0\.1:[0-9]*/openapi') ||
        die "the stand-in did not start: $(cat "$WORK/$name.err")"
    STAND_IN_STATS="${STAND_IN_URL%/openapi}/stand-in/stats"
}

# start_onebound_stand_in NAME ARGS...: the Onebound stand-in; sets STAND_IN_PID, STAND_IN_URL
# (what ONEBOUND_API_URL takes) and STAND_IN_STATS.
start_onebound_stand_in() {
    local name=$1
    shift
    "$ONEBOUND_STAND_IN_BIN" --port 0 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    STAND_IN_PID=$!
    STARTED_PIDS+=("$STAND_IN_PID")
    STAND_IN_URL=$(wait_for_url "$WORK/$name.out" 'http://127\.0\.0\.1:[0-9]*') ||
        die "the Onebound stand-in did not start: $(cat "$WORK/$name.err")"
    STAND_IN_STATS="$STAND_IN_URL/stand-in/stats"
}

# start_storefront NAME VAR=VALUE...: runs the release binary on a free loopback port in an empty
# directory (so no .env file is read) with only the given settings; sets STOREFRONT_PID and BASE.
start_storefront() {
    local name=$1
    shift
    mkdir -p "$WORK/$name-cwd"
    (cd "$WORK/$name-cwd" && exec env -u ALIBABA_APP_KEY -u ALIBABA_APP_SECRET -u ALIBABA_ACCESS_TOKEN \
        -u ALIBABA_API_URL -u ALIBABA_QPS -u ALIBABA_DAILY_LIMIT \
        -u ONEBOUND_KEY -u ONEBOUND_SECRET -u ONEBOUND_API_URL -u ONEBOUND_QPS \
        -u ONEBOUND_DAILY_LIMIT -u STOREFRONT_PROVIDER \
        HOST=127.0.0.1 PORT=0 NO_COLOR=1 STOREFRONT_DATA_DIR="$WORK/$name-data" "$@" \
        "$STOREFRONT_BIN" >"$WORK/$name.log" 2>&1) &
    STOREFRONT_PID=$!
    STARTED_PIDS+=("$STOREFRONT_PID")
    BASE=$(wait_for_url "$WORK/$name.log" 'serving on http://127\.0\.0\.1:[0-9]*') ||
        die "the storefront did not start: $(tail -5 "$WORK/$name.log")"
    BASE=${BASE#serving on }
    curl -fsS --max-time 5 "$BASE/healthz" >/dev/null || die "$BASE/healthz does not answer"
}

# kib FIELD PID: a memory field of /proc/PID/status in KiB (VmRSS, VmHWM), or 0 once it is gone.
kib() {
    awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

mib() {
    awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}

# The JSON of the "MIX" line that bench/mix.lua prints at the end of a wrk run.
mix_json() {
    grep -m1 '^MIX ' "$1" | sed 's/^MIX //'
}
