#!/usr/bin/env bash
# The engine's figures against wrk, wrk2 and h2load, one command, one sitting (issue 8).
#
# The generator (each tool in turn) is pinned to core 0 with taskset, nginx (one worker process, no
# access log, raised worker_connections and nofile) to core 1. Each round runs, alternating tools so
# that machine noise hits them alike:
#   closed loop, 64 connections:      wrk -t1 -c64             vs httpbench closed loop, 1 worker
#   open loop at 20,000 req/s:        wrk2 -R20000 (if on PATH) vs httpbench --rate 20000, beside the
#                                     machine's own floor (MachineFloor: the same schedule, no I/O)
#   10,000 connections on one worker: wrk -t1 -c10000          vs httpbench, 1 worker
#   HTTP/2 (h2c), 64 streams:         h2load -c1 -m64          vs httpbench HTTP/2, 1 worker
# then once: the starved case (the generator shares core 0 with a busy spinner, open loop at 5,000
# req/s: the send-lag warning must fire) and memory flatness (RSS for 1M and 10M requests).
# Every row: req/s, CPU per request of the whole process (JVM start included, from /usr/bin/time),
# p50, p99, peak RSS; the summary: medians and the ratios against the issue's targets.
#
#   benchmarks/engine-vs-wrk.sh [rounds=3] [seconds=10] [skip-memory]
#
# Needs wrk, nginx, h2load, python3, taskset and /usr/bin/time (apt-get install -y wrk nginx
# nghttp2-client time); builds benchmarks/target/benchmarks.jar if missing. Traffic goes only to the
# nginx it starts.
set -euo pipefail
rounds=${1:-3}; seconds=${2:-10}; memory=${3:-memory}
here=$(cd "$(dirname "$0")/.." && pwd)
bench="$here/benchmarks/target/benchmarks.jar"
[ -f "$bench" ] || (cd "$here" && mvn -B -q -pl benchmarks -am package -DskipTests)
for tool in wrk nginx h2load python3 taskset java curl; do
  command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores (generator on core 0, nginx on core 1)" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)"   # 10,000 connections need more than the usual 1024 descriptors
[ "$(ulimit -n)" -gt 10100 ] || { echo "needs a nofile hard limit above 10100 (have $(ulimit -Hn))" >&2; exit 2; }

work=$(mktemp -d)
chmod 755 "$work"   # nginx workers may run as an unprivileged user
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); h2port=$(free_port); statusport=$(free_port)
mkdir -p "$work/www" "$work/logs"
printf 'hello from nginx\n' > "$work/www/index.html"
chmod -R a+rX "$work/www"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile $(ulimit -Hn);
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections $(( $(ulimit -Hn) - 100 )); }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_body_temp_path $work/tmp;
  server { listen 127.0.0.1:$port backlog=$(sysctl -n net.core.somaxconn 2>/dev/null || echo 4096); root $work/www; }
  server { listen 127.0.0.1:$h2port http2; root $work/www; }
  server { listen 127.0.0.1:$statusport; location / { stub_status; } }
}
CONF
spinner=""
cleanup() {
  [ -n "$spinner" ] && kill "$spinner" 2>/dev/null || true
  nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
taskset -c 1 nginx -c "$work/nginx.conf" -p "$work"
url="http://127.0.0.1:$port/index.html"
h2url="http://127.0.0.1:$h2port/index.html"
sleep 0.5
# the JVM of every httpbench run: a bounded heap, so that RSS says what the engine keeps
jvm=(java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$bench")

# row format (one per run): round label req/s cpu_us_per_request p50_ms p99_ms rss_mb extra
# CPU per request: the tool's whole process (JVM start and warm-up included) divided by the requests
# nginx served during the run (stub_status), the same count for every tool.
served() { curl -s "http://127.0.0.1:$statusport/" | awk 'NR == 3 {print $3}'; }
timed() {
  local before; before=$(served)
  /usr/bin/time -f "%U %S %M" -o "$work/time" taskset -c 0 "$@"
  echo $(( $(served) - before - 1 )) >> "$work/time"
}

wrk_row() { # round label tool(wrk or wrk2) args...
  local r=$1 label=$2 tool=$3; shift 3
  timed "$tool" "$@" --latency "$url" > "$work/out" 2>&1 || true
  python3 - "$work/out" "$work/time" "$r" "$label" >> "$work/rows" <<'PY'
import re, sys
t = open(sys.argv[1]).read(); u, s, rss, served = open(sys.argv[2]).read().split()[-4:]
def ms(label):
    m = re.search(r'^\s*' + label + r'%?\s+([\d.]+)(us|ms|s)\b', t, re.M)
    if not m: return float('nan')
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == 'us' else v * 1000 if unit == 's' else v
n = int(served)
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1)) if 'Requests/sec' in t else 0
p50 = ms('50.000') if '50.000%' in t else ms('50')
p99 = ms('99.000') if '99.000%' in t else ms('99')
cpu = (float(u) + float(s)) * 1e6 / n if n else float('nan')
print(sys.argv[3], sys.argv[4], f"{rps:.0f} {cpu:.2f} {p50:.3f} {p99:.3f} {int(rss)/1024:.0f} -")
PY
}

hb_row() { # round label EngineBench-args...
  local r=$1 label=$2; shift 2
  timed "${jvm[@]}" dev.httpbench.benchmarks.EngineBench "$@" > "$work/out" 2>&1 || true
  python3 - "$work/out" "$work/time" "$r" "$label" >> "$work/rows" <<'PY'
import re, sys
t = open(sys.argv[1]).read(); u, s, rss, served = open(sys.argv[2]).read().split()[-4:]
line = next((l for l in t.splitlines() if l.startswith('rps=')), '')
kv = dict(re.findall(r'(\w+)=([\d.-]+)', line))
if 'rps' not in kv:
    print(sys.argv[3], sys.argv[4], "0 nan nan nan 0 failed:" + t.strip().replace('\n', ' ')[:200]); sys.exit()
n = int(served)
cpu = (float(u) + float(s)) * 1e6 / n if n else float('nan')
warn = [l[9:60].replace(' ', '_') for l in t.splitlines() if l.startswith('WARNING: ')]
extra = (f"rate={float(kv['req_rate']):.0f},steady_cpu_us={float(kv['cpu_us_per_req']):.1f},"
         f"send_lag_p99_ms={float(kv['send_lag_p99_ms']):.3f},warmup_s={float(kv['warmup_s']):.1f},warnings={kv['warnings']}"
         + (":" + "|".join(warn) if warn else ""))
print(sys.argv[3], sys.argv[4], f"{float(kv['rps']):.0f} {cpu:.2f} {float(kv['p50_ms']):.3f} {float(kv['p99_ms']):.3f} {int(rss)/1024:.0f} {extra}")
PY
}

floor_row() { # round label MachineFloor-args...: the machine's own wake-up lag, no I/O (p50/p99 columns)
  local r=$1 label=$2; shift 2
  timed "${jvm[@]}" dev.httpbench.benchmarks.MachineFloor "$@" > "$work/out" 2>&1 || true
  python3 - "$work/out" "$work/time" "$r" "$label" >> "$work/rows" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
kv = dict(re.findall(r'(\w+)=([\d.-]+)', t))
if 'p99_ms' not in kv:
    print(sys.argv[3], sys.argv[4], "0 nan nan nan 0 failed:" + t.strip().replace('\n', ' ')[:200]); sys.exit()
print(sys.argv[3], sys.argv[4], f"{float(kv['rate']):.0f} nan {float(kv['p50_ms']):.3f} {float(kv['p99_ms']):.3f} 0 "
      f"p999_ms={float(kv['p999_ms']):.3f},max_ms={float(kv['max_ms']):.3f}")
PY
}

h2load_row() { # round label h2load-args...
  local r=$1 label=$2; shift 2
  timed h2load "$@" "$h2url" > "$work/out" 2>&1 || true
  python3 - "$work/out" "$work/time" "$r" "$label" >> "$work/rows" <<'PY'
import re, sys
t = open(sys.argv[1]).read(); u, s, rss, served = open(sys.argv[2]).read().split()[-4:]
m = re.search(r'finished in [\d.]+s, ([\d.]+) req/s', t); rps = float(m.group(1)) if m else 0
n = int(served)
cpu = (float(u) + float(s)) * 1e6 / n if n else float('nan')
print(sys.argv[3], sys.argv[4], f"{rps:.0f} {cpu:.2f} nan nan {int(rss)/1024:.0f} -")
PY
}

show() { tail -n "$1" "$work/rows" | while read -r a b c d e f g h; do
  printf '%-3s %-14s %9s %9s %9s %9s %7s  %s\n' "$a" "$b" "$c" "$d" "$e" "$f" "$g" "$h"; done; }

echo "nginx on 127.0.0.1:$port (h2c on $h2port), pinned to core 1; generators pinned to core 0"
echo "$rounds round(s) of ${seconds}s; uptime: $(uptime)"
printf '%-3s %-14s %9s %9s %9s %9s %7s  %s\n' rnd run "req/s" "cpu_us/rq" "p50_ms" "p99_ms" "rss_MB" extra
for r in $(seq 1 "$rounds"); do
  wrk_row "$r" wrk-c64 wrk -t1 -c64 -d"${seconds}s"
  hb_row "$r" hb-closed-c64 "$url" c=64 w=1 d="$seconds"
  hb_row "$r" hb-open-20k "$url" c=64 w=1 d="$seconds" rate=20000
  floor_row "$r" floor-20k 20000 "$seconds"
  n=4
  if command -v wrk2 >/dev/null; then
    wrk_row "$r" wrk2-20k wrk2 -t1 -c64 -d"${seconds}s" -R20000
    n=5
  fi
  wrk_row "$r" wrk-c10000 wrk -t1 -c10000 -d"${seconds}s" --timeout 30s
  hb_row "$r" hb-c10000 "$url" c=10000 w=1 d="$seconds" timeout=30
  h2load_row "$r" h2load-m64 -c1 -m64 -t1 -D "$seconds"
  hb_row "$r" hb-h2-m64 "$h2url" c=64 w=1 d="$seconds" h2=true
  show $((n + 4))
done

echo
echo "starved generator: core 0 shared with a busy spinner, open loop at 5,000 req/s (the send-lag warning must fire)"
taskset -c 0 sh -c 'while :; do :; done' &
spinner=$!
hb_row S hb-starved-5k "$url" c=64 w=1 d="$seconds" rate=5000
kill "$spinner"; spinner=""
show 1
grep -q "send_lag\|send-lag\|send lag" <(tail -n 1 "$work/rows") && echo "send-lag warning: fired" || echo "send-lag warning: NOT fired"

if [ "$memory" != skip-memory ]; then
  echo
  echo "memory flatness: peak RSS for 1M and for 10M requests (closed loop, 64 connections)"
  hb_row M hb-1M "$url" c=64 w=1 n=1000000
  hb_row M hb-10M "$url" c=64 w=1 n=10000000
  show 2
fi

python3 - "$work/rows" <<'PY'
import math, statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def med(label, col):
    v = [float(r[col]) for r in rows if r[1] == label and not math.isnan(float(r[col]))]
    return statistics.median(v) if v else float('nan')
def ratio(a, b, col): return med(a, col) / med(b, col)
def verdict(ok): return "met" if ok else "NOT met"
print("\nmedians over the rounds; targets from issue 8")
t, c, p99 = ratio('hb-closed-c64', 'wrk-c64', 2), ratio('hb-closed-c64', 'wrk-c64', 3), ratio('hb-closed-c64', 'wrk-c64', 5)
print(f"closed loop vs wrk:   throughput {t:.2f}x (>= 0.8: {verdict(t >= 0.8)}), CPU/request {c:.2f}x (<= 1.5: {verdict(c <= 1.5)}), p99 {p99:.2f}x (<= 2: {verdict(p99 <= 2)})")
rates = [r for r in rows if r[1] == 'hb-open-20k']
achieved = med('hb-open-20k', 2)  # responses/s: arrivals issued into a queue do not count as held
warned = sum(1 for r in rates if 'warnings=0' not in r[7])
p = med('hb-open-20k', 5)
print(f"open loop 20k:        achieved {achieved:.0f} req/s ({abs(achieved / 20000 - 1) * 100:.2f} % off, <= 1 %: {verdict(abs(achieved / 20000 - 1) <= 0.01)}), "
      f"p99 {p:.3f} ms (<= 2 ms: {verdict(p <= 2)}), runs with warnings {warned} (0: {verdict(warned == 0)})"
      + (f"; wrk2 p99 {med('wrk2-20k', 5):.3f} ms" if any(r[1] == 'wrk2-20k' for r in rows) else "")
      + f"; the machine's own floor (no I/O) p99 {med('floor-20k', 5):.3f} ms")
t, p50, p99, rss = ratio('hb-c10000', 'wrk-c10000', 2), ratio('hb-c10000', 'wrk-c10000', 4), ratio('hb-c10000', 'wrk-c10000', 5), med('hb-c10000', 6)
print(f"10,000 connections:   throughput {t:.2f}x (>= 0.5: {verdict(t >= 0.5)}), p50 {p50:.2f}x, p99 {p99:.2f}x (each within 2x: {verdict(0.5 <= p50 <= 2 and 0.5 <= p99 <= 2)}), RSS {rss:.0f} MB (<= 400: {verdict(rss <= 400)})")
t, c = ratio('hb-h2-m64', 'h2load-m64', 2), ratio('hb-h2-m64', 'h2load-m64', 3)
print(f"HTTP/2 vs h2load:     throughput {t:.2f}x (>= 0.5: {verdict(t >= 0.5)}), CPU/request {c:.2f}x (<= 2.5: {verdict(c <= 2.5)})")
m1, m10 = med('hb-1M', 6), med('hb-10M', 6)
if not math.isnan(m1):
    print(f"memory flat:          RSS {m1:.0f} MB for 1M, {m10:.0f} MB for 10M requests ({(m10 / m1 - 1) * 100:+.1f} %, within 10 %: {verdict(abs(m10 / m1 - 1) <= 0.10)})")
PY
