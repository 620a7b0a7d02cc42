#!/usr/bin/env bash
# Footprint of a massaged process: start -> 'online' on the broker, idle resident memory, SIGTERM -> exit.
#
#   packaging/bench/footprint.sh RUNS TOPIC_ROOT BROKER_PORT -- COMMAND...
#
# Starts Mosquitto on 127.0.0.1:BROKER_PORT unless one already listens there. For each run: clears the
# retained availability, starts COMMAND, waits for 'online' on TOPIC_ROOT/availability (mosquitto_sub),
# waits IDLE_SECONDS (default 20), reads VmRSS and Pss of the process, sends SIGTERM and waits for the exit.
# Prints one line per run and the median and p99 (nearest rank) of each measure.
set -euo pipefail

runs=$1; root=$2; port=$3; shift 4
idle=${IDLE_SECONDS:-20}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

if ! (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$work/mosquitto.conf"
    mosquitto -c "$work/mosquitto.conf" >/dev/null 2>&1 &
    for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
fi

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
percentile() { # $1 = percent, stdin = numbers
    sort -g | awk -v p="$1" '{ v[NR] = $1 } END { r = int((p / 100) * NR + 0.999999); if (r < 1) r = 1; print v[r] }'
}

: > "$work/online"; : > "$work/rss"; : > "$work/pss"; : > "$work/stop"
for i in $(seq "$runs"); do
    mosquitto_pub -h 127.0.0.1 -p "$port" -t "$root/availability" -r -n
    mosquitto_sub -h 127.0.0.1 -p "$port" -t "$root/availability" -C 1 -W 30 \
        | grep -q online && echo ok > "$work/seen.$i" &
    sub=$!
    sleep 0.3  # the subscriber is connected before the process starts
    start=$(now_ms)
    "$@" > "$work/out.$i" 2>&1 &
    pid=$!
    wait "$sub" || true
    online=$(( $(now_ms) - start ))
    [ -f "$work/seen.$i" ] || { echo "run $i: no 'online' within 30 s"; cat "$work/out.$i"; exit 1; }
    sleep "$idle"
    rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/"$pid"/status)
    pss=$(awk '/^Pss:/ { printf "%.1f", $2 / 1024 }' /proc/"$pid"/smaps_rollup)
    stop_start=$(now_ms)
    kill -TERM "$pid"
    code=0; wait "$pid" || code=$?
    stopped=$(( $(now_ms) - stop_start ))
    echo "run $i: start->online ${online} ms, idle RSS ${rss} MB, PSS ${pss} MB, SIGTERM->exit ${stopped} ms (exit ${code})"
    echo "$online" >> "$work/online"; echo "$rss" >> "$work/rss"; echo "$pss" >> "$work/pss"; echo "$stopped" >> "$work/stop"
done

for measure in online rss pss stop; do
    echo "$measure: median $(percentile 50 < "$work/$measure"), p99 $(percentile 99 < "$work/$measure"), max $(sort -g "$work/$measure" | tail -1)"
done
