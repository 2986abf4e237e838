package dev.httpbench.cli.distributed;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.InvalidConfigException.Problem;
import dev.httpbench.Stage;
import dev.httpbench.spi.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The common start of a test's shards ({@code --start-at}): every shard waits until the same wall-clock
 * instant, so that their load overlaps. A shard that gets there late runs what is left of the test's
 * window (see {@link #remainder}) and records its lateness. Immutable; {@link #await} blocks the calling
 * thread and is interruptible.
 *
 * <p>The instant is given as ISO-8601 ({@code 2026-11-30T10:15:00Z}), or as {@code +30s}: that long after
 * the creation time of the Kubernetes manifests, which {@code httpbench k8s} writes into
 * {@value #CREATED_AT_ENV}, so that every pod of a Job computes the same instant.
 */
public final class StartAt {
    /** The manifests' creation time (ISO-8601), which a relative {@code --start-at +30s} counts from. */
    public static final String CREATED_AT_ENV = "HTTPBENCH_CREATED_AT";
    /** The furthest ahead a start may be: beyond it the value is more likely a typo than a plan. */
    public static final Duration MAX_AHEAD = Duration.ofDays(1);
    private static final Duration POLL = Duration.ofMillis(100);

    /** How a waiting thread sleeps; tests pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Instant instant;

    private StartAt(Instant instant) {
        this.instant = instant;
    }

    /** The start at {@code instant}. */
    public static StartAt of(Instant instant) {
        return new StartAt(instant);
    }

    /**
     * Parses {@code --start-at}.
     *
     * @param env the environment, for {@value #CREATED_AT_ENV}
     * @param now the current time, to refuse a start more than {@link #MAX_AHEAD} ahead
     * @throws InvalidConfigException naming the option, the rule and the value
     */
    public static StartAt parse(String text, Map<String, String> env, Instant now) {
        String t = text == null ? "" : text.trim();
        Instant at;
        if (t.startsWith("+")) {
            Duration after;
            try {
                after = Durations.parse(t.substring(1));
            } catch (IllegalArgumentException e) {
                throw problem("must be an ISO-8601 instant like 2026-11-30T10:15:00Z or +DURATION like +30s", text);
            }
            String created = env.get(CREATED_AT_ENV);
            if (created == null || created.isBlank()) {
                throw new InvalidConfigException(List.of(new Problem("--start-at", "+DURATION needs " + CREATED_AT_ENV,
                        text, "--start-at " + text + " counts from the manifests' creation time in " + CREATED_AT_ENV
                                + ", which is not set; give an ISO-8601 instant like " + now.plusSeconds(60)
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " instead")));
            }
            try {
                at = Instant.parse(created.trim()).plus(after);
            } catch (DateTimeParseException e) {
                throw new InvalidConfigException(List.of(Problem.of(CREATED_AT_ENV,
                        "must be an ISO-8601 instant like 2026-11-30T10:15:00Z", "'" + created + "'")));
            }
        } else {
            try {
                at = Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw problem("must be an ISO-8601 instant like 2026-11-30T10:15:00Z or +DURATION like +30s", text);
            }
        }
        if (Duration.between(now, at).compareTo(MAX_AHEAD) > 0) {
            throw problem("must be at most " + format(MAX_AHEAD) + " ahead (now is " + now + ")", text);
        }
        return new StartAt(at);
    }

    /** The wall-clock instant every shard starts at. */
    public Instant instant() {
        return instant;
    }

    /**
     * Waits until {@link #instant()} by {@code clock}, checking {@code stopped} every 100 ms.
     *
     * @return how late the start was reached: zero when it was still ahead, else how far it had passed
     *     when this was called (waking up costs a few milliseconds, which are not lateness)
     */
    public Duration await(Clock clock, Sleeper sleeper, BooleanSupplier stopped) throws InterruptedException {
        Instant now = clock.instant();
        if (!now.isBefore(instant)) {
            return Duration.between(instant, now);
        }
        while (!stopped.getAsBoolean()) {
            Duration left = Duration.between(clock.instant(), instant);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            sleeper.sleep(left.compareTo(POLL) < 0 ? left : POLL);
        }
        return Duration.ZERO;
    }

    /**
     * What a shard that reached the common start {@code lateness} late still runs of {@code config}: the
     * lateness is taken from a fixed warm-up first, then from the measured duration (from the front of the
     * stages, so that the rate at each moment stays the other shards'); an automatic warm-up is kept. A run
     * bounded by its request budget alone runs whole.
     *
     * @return empty when the window is over: nothing is left to run
     */
    public static Optional<BenchmarkConfig> remainder(BenchmarkConfig config, Duration lateness) {
        if (lateness.isZero() || lateness.isNegative()) {
            return Optional.of(config);
        }
        BenchmarkConfig.Builder b = config.toBuilder();
        Duration late = lateness;
        if (config.warmup().isPresent()) {
            Duration warmup = config.warmup().get();
            Duration taken = late.compareTo(warmup) < 0 ? late : warmup;
            b.warmup(warmup.minus(taken));
            late = late.minus(taken);
        }
        if (late.isZero()) {
            return Optional.of(b.build());
        }
        if (config.duration().isEmpty()) {
            return Optional.of(b.build()); // a request budget: the shard still owes all of it
        }
        if (late.compareTo(config.duration().get()) >= 0) {
            return Optional.empty();
        }
        if (!config.stages().isEmpty()) {
            b.stages(trim(config.stages(), late).toArray(Stage[]::new));
        } else {
            b.duration(config.duration().get().minus(late));
        }
        try {
            return Optional.of(b.build());
        } catch (InvalidConfigException e) {
            return Optional.empty(); // what is left of the stages plans no request
        }
    }

    /** The stages without their first {@code cut}, the stage it falls in starting at its rate there. */
    static List<Stage> trim(List<Stage> stages, Duration cut) {
        List<Stage> out = new ArrayList<>();
        Duration left = cut;
        for (Stage st : stages) {
            if (left.compareTo(st.duration()) >= 0) {
                left = left.minus(st.duration());
                continue;
            }
            if (left.isZero()) {
                out.add(st);
                continue;
            }
            double f = left.toNanos() / (double) st.duration().toNanos();
            out.add(Stage.ramp(st.fromRate() + (st.toRate() - st.fromRate()) * f, st.toRate(),
                    st.duration().minus(left)));
            left = Duration.ZERO;
        }
        return out;
    }

    @Override
    public String toString() {
        return instant.toString();
    }

    private static InvalidConfigException problem(String rule, String value) {
        return new InvalidConfigException(List.of(Problem.of("--start-at", rule, "'" + value + "'")));
    }
}
