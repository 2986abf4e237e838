package dev.httpbench.benchmarks;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.HttpProtocol;
import dev.httpbench.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One httpbench run for the engine benchmark script {@code benchmarks/engine-vs-wrk.sh}, with the
 * figures it compares printed as one line of {@code key=value} pairs, then the run's warnings:
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.httpbench.benchmarks.EngineBench URL [key=value...]</pre>
 *
 * Keys: {@code c} connections (64), {@code w} workers (1), {@code d} seconds (10), {@code rate} requests/s
 * for open loop (0: closed loop), {@code h2} true for HTTP/2 (h2c), {@code warmup} seconds or
 * {@code auto} (auto), {@code n} a request budget instead of a duration, {@code endpoints} a static mix of
 * that many endpoints ({@code GET /?e=i}, weight i + 1) instead of the single request (0), {@code monitor}
 * the self-monitoring interval in ms (0: off), {@code interval} the report interval in ms, {@code timeline}
 * true to print each interval's throughput, p50, p99, max and largest send lag.
 */
public final class EngineBench {
    private EngineBench() {
    }

    public static void main(String[] args) {
        String url = args[0];
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            o.put(kv[0], kv[1]);
        }
        int c = Integer.parseInt(o.getOrDefault("c", "64"));
        BenchmarkConfig.Builder b = Benchmark.target(url).concurrency(c)
                .workers(Integer.parseInt(o.getOrDefault("w", "1")))
                .timeout(Duration.ofSeconds(Long.parseLong(o.getOrDefault("timeout", "10"))));
        if (o.containsKey("n")) {
            b.requests(Long.parseLong(o.get("n")));
        } else {
            b.duration(Duration.ofSeconds(Long.parseLong(o.getOrDefault("d", "10"))));
        }
        for (int e = 0; e < Integer.parseInt(o.getOrDefault("endpoints", "0")); e++) {
            b.endpoint("e" + e, Request.get("/?e=" + e).weight(e + 1));
        }
        double rate = Double.parseDouble(o.getOrDefault("rate", "0"));
        if (rate > 0) {
            b.rate(rate);
        }
        if (Boolean.parseBoolean(o.getOrDefault("h2", "false"))) {
            b.protocol(HttpProtocol.HTTP_2);
        }
        if (o.containsKey("monitor")) {
            b.monitorInterval(Duration.ofMillis(Long.parseLong(o.get("monitor"))));
        }
        if (o.containsKey("interval")) {
            b.reportInterval(Duration.ofMillis(Long.parseLong(o.get("interval"))));
        }
        String warmup = o.getOrDefault("warmup", "auto");
        if (!warmup.equals("auto")) {
            b.warmup(Duration.ofMillis((long) (Double.parseDouble(warmup) * 1000)));
        }
        BenchmarkResult r = b.run();
        long failed = 0;
        for (FailureKind k : FailureKind.values()) {
            failed += r.errors(k);
        }
        System.out.printf(Locale.ROOT, "rps=%.1f req_rate=%.1f p10_ms=%.3f p25_ms=%.3f p50_ms=%.3f p75_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f sent=%d ok=%d "
                        + "failed=%d seconds=%.2f cpu_us_per_req=%.2f send_lag_p50_ms=%.3f send_lag_p99_ms=%.3f warmup_s=%.2f warnings=%d%n",
                r.throughput(), r.requestRate(), ms(r.latency().percentile(10)), ms(r.latency().percentile(25)), ms(r.latency().p50()), ms(r.latency().percentile(75)), ms(r.latency().p90()), ms(r.latency().p99()), ms(r.latency().max()),
                r.sent(), r.succeeded(), failed, r.duration().toNanos() / 1e9,
                r.client().map(x -> x.cpuMicrosPerRequest()).orElse(-1.0), ms(r.sendLag().p50()), ms(r.sendLag().p99()),
                r.warmupTaken().toMillis() / 1e3, r.warnings().size());
        if (Boolean.parseBoolean(o.getOrDefault("timeline", "false"))) {
            r.timeline().forEach(i -> System.out.printf(Locale.ROOT, "  at %5.1fs: %8.0f req/s p50 %.3f ms p99 %.3f ms max %.3f ms lag max %.3f ms%n",
                    i.offset().toMillis() / 1e3, i.throughput(), ms(i.latency().p50()), ms(i.latency().p99()), ms(i.latency().max()), i.sendLag().map(l -> ms(l.max())).orElse(-1.0)));
        }
        for (String w : r.warnings()) {
            System.out.println("WARNING: " + w);
        }
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
