# What the per-message benchmarks (bench/enforcer-checks.sh, bench/debugger-per-message.sh) share:
# release builds, the compiled specs, and traffic recorded with the loopback relay
# (Tests/RPCDecodeTests/Peers/relay_command.py: one log per connection, chunked as sent) for
# enforcer-bench to replay. Source this file from the repository's root, then call
#   prepare_replays
# which builds ucheck and enforcer-bench (release) and sets $bin, makes a work directory $work
# (removed on exit) with webforum.json and benchmark.json compiled from specs/, and records
#   $work/kv-relay     2000 kv.Get calls of the web forum (samples/webforum/kv_load.py → kv.py,
#                      Python grpcio; a traceparent on each)
#   $work/redis-relay  20000 redis-benchmark GETs pipelined 16 deep on redis-server
# (each server started on a free loopback port and stopped after), then builds
# $work/malloc_count.so and $work/enforcer-bench, a copy without debug info for valgrind.

prepare_replays() {
  scripts/setup --bench >/dev/null
  command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
  swift build -c release --product ucheck 2>&1 | tail -1
  swift build -c release --product enforcer-bench 2>&1 | tail -1
  bin="$(swift build -c release --show-bin-path)"
  work=$(mktemp -d)
  trap 'stop_recording_server; rm -rf "$work"' EXIT INT TERM
  "$bin/ucheck" compile specs/webforum.ucheck -o "$work/webforum.json" >/dev/null
  "$bin/ucheck" compile specs/benchmark-cache.ucheck -o "$work/benchmark.json" >/dev/null
  record_kv_traffic "$work/kv-relay"
  record_redis_traffic "$work/redis-relay"
  gcc -O2 -shared -fPIC -o "$work/malloc_count.so" bench/malloc-count/malloc_count.c
  # valgrind 3.19 cannot read the DWARF 5 debug info swiftc emits; the symbol table is enough.
  objcopy --strip-debug "$bin/enforcer-bench" "$work/enforcer-bench"
}

recording_server=""
stop_recording_server() {
  [ -n "$recording_server" ] || return 0
  kill "$recording_server" 2>/dev/null || true
  wait "$recording_server" 2>/dev/null || true
  recording_server=""
}

source bench/lib/free-port.sh

record_kv_traffic() {
  local dir=$1 port
  mkdir -p "$dir"
  port=$(free_loopback_port)
  python3 samples/webforum/kv.py --listen "127.0.0.1:$port" --log "$dir/kv.calls" > "$dir/kv.out" 2>&1 &
  recording_server=$!
  for _ in $(seq 100); do grep -q "^ready" "$dir/kv.out" && break; sleep 0.1; done
  python3 Tests/RPCDecodeTests/Peers/relay_command.py "$port" "$dir" -- python3 samples/webforum/kv_load.py '127.0.0.1:{port}' 2000
  stop_recording_server
}

record_redis_traffic() {
  local dir=$1 port
  mkdir -p "$dir"
  port=$(free_loopback_port)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no > "$dir/redis.out" 2>&1 &
  recording_server=$!
  for _ in $(seq 100); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  python3 Tests/RPCDecodeTests/Peers/relay_command.py "$port" "$dir" -- redis-benchmark -p '{port}' -t get -n 20000 -P 16 -c 1 -r 100000 -q
  stop_recording_server
}

# The largest connection log of a redis recording: the one that sends the GETs (another one reads
# the server's settings).
redis_get_connection() { ls -S "$1"/conn*.log | head -1; }
