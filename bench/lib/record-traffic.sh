# Records the traffic the per-message benchmarks replay through enforcer-bench, with the loopback
# relay (Tests/RPCDecodeTests/Peers/relay_command.py: one log per connection, chunked as sent).
# Source this file from the repository's root, then call
#   record_kv_traffic DIR     2000 kv.Get calls of the web forum (samples/webforum/kv_load.py →
#                             kv.py, Python grpcio; a traceparent on each)
#   record_redis_traffic DIR  20000 redis-benchmark GETs pipelined 16 deep on redis-server
# Each starts its server on a free loopback port, records into DIR/conn*.log and stops the server;
# a script interrupted meanwhile calls stop_recording_server in its exit trap.

recording_server=""
stop_recording_server() {
  [ -n "$recording_server" ] || return 0
  kill "$recording_server" 2>/dev/null || true
  wait "$recording_server" 2>/dev/null || true
  recording_server=""
}

free_loopback_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

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
