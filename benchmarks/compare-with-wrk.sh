#!/usr/bin/env bash
# Throughput and latency of httpbench against wrk and against a bare Jetty client loop (the
# reference for the engine's own overhead), all driving the same nginx on loopback in the same
# sitting, alternating so that machine noise hits them alike. Prints each round and the median
# ratios. Needs wrk, nginx and python3 (apt-get install wrk nginx).
#
#   benchmarks/compare-with-wrk.sh [rounds=3] [seconds=5] [connections=64] [threads=2]
set -euo pipefail
rounds=${1:-3}; seconds=${2:-5}; conns=${3:-64}; threads=${4:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/benchmark-cli/target/httpbench.jar"
bench="$here/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] && [ -f "$bench" ] || (cd "$here" && mvn -B -q -pl benchmark-cli,benchmarks -am package -DskipTests)
for tool in wrk nginx python3; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }; done

work=$(mktemp -d)
chmod 755 "$work"   # nginx workers may run as an unprivileged user
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/www" "$work/logs"
printf 'hello from nginx\n' > "$work/www/index.html"
chmod -R a+rX "$work/www"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp;
  server { listen 127.0.0.1:$port; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
trap 'nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"
sleep 0.5

echo "nginx on $url; $rounds rounds of ${seconds}s, $conns connections, $threads threads/workers"
printf '%-6s %-10s %12s %10s %10s\n' round tool "req/s" "p50 ms" "p99 ms"
for r in $(seq 1 "$rounds"); do
  wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency "$url/index.html" > "$work/wrk.txt"
  python3 - "$work/wrk.txt" "$r" >> "$work/rows" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r'^\s*' + label + r'%\s+([\d.]+)(us|ms|s)', t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == 'us' else v * 1000 if u == 's' else v
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
print(f"{sys.argv[2]} wrk {rps:.1f} {ms('50'):.3f} {ms('99'):.3f}")
PY
  java -cp "$bench" dev.httpbench.benchmarks.BareJettyBaseline "$url/index.html" "$conns" "$threads" "$seconds" \
      | awk -v r="$r" '{print r, $1, $2, "-", "-"}' >> "$work/rows"
  java -jar "$jar" --base-url "$url" --path /index.html --health-path /index.html --concurrent-levels "$conns" \
      --workers "$threads" --duration "${seconds}s" --warmup 2s --quiet --output-dir "$work/hb" > /dev/null
  python3 - "$work/hb" "$r" >> "$work/rows" <<'PY'
import glob, json, sys
run = json.load(open(sorted(glob.glob(sys.argv[1] + '/*/summary.json'))[-1]))['runs'][0]
print(f"{sys.argv[2]} httpbench {run['throughput_rps']:.1f} {run['latency_ms']['p50']:.3f} {run['latency_ms']['p99']:.3f}")
PY
  tail -3 "$work/rows" | while read -r a b c d e; do printf '%-6s %-10s %12s %10s %10s\n' "$a" "$b" "$c" "$d" "$e"; done
done
python3 - "$work/rows" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def med(tool, col): return statistics.median(float(r[col]) for r in rows if r[1] == tool)
print(f"median ratio httpbench/wrk: throughput {med('httpbench', 2) / med('wrk', 2):.2f}, "
      f"p50 {med('httpbench', 3) / med('wrk', 3):.2f}, p99 {med('httpbench', 4) / med('wrk', 4):.2f}")
print(f"median ratio httpbench/bare-jetty: throughput {med('httpbench', 2) / med('bare-jetty', 2):.2f}")
PY
