package dev.httpbench.cli.distributed;

import dev.httpbench.report.merge.ClockOffset;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Measures how far this machine's clock is from the target's, from the {@code Date} header of a few
 * requests to a URL every shard can reach (the health path): each answer bounds the offset within one
 * second plus the round trip, and answers spread over a second narrow it to about their spacing. The
 * shards' offsets against the same target show whether their clocks agree. Blocking; call from one thread.
 */
public final class ClockProbe {
    /** Readings taken, {@link #SPACING} apart: together they span a little more than one second. */
    static final int READINGS = 12;
    static final Duration SPACING = Duration.ofMillis(95);
    private static final int TIMEOUT_MS = 2_000;
    /** The probe gives up taking readings after this long, so that a slow target cannot delay the start. */
    static final Duration BUDGET = Duration.ofSeconds(4);

    private ClockProbe() {
    }

    /**
     * The offset of {@code clock} against the {@code Date} headers of {@code url}, or empty when no reading
     * of the target succeeded or it sent no usable {@code Date} header (the merge then cannot judge this shard's
     * clock, and says so).
     *
     * @param trustAllCertificates accept a self-signed https certificate, as {@code --insecure} does
     */
    public static Optional<ClockOffset> measure(URI url, boolean trustAllCertificates, Clock clock)
            throws InterruptedException {
        Duration low = null;
        Duration high = null;
        Instant deadline = clock.instant().plus(BUDGET);
        for (int i = 0; i < READINGS && clock.instant().isBefore(deadline); i++) {
            if (i > 0) {
                Thread.sleep(SPACING.toMillis());
            }
            Instant sent = clock.instant();
            long date;
            try {
                date = dateHeader(url, trustAllCertificates);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                continue; // a slow or failed reading only bounds less: the others still count
            }
            Instant received = clock.instant();
            if (date <= 0) {
                return Optional.empty(); // no Date header: nothing to compare with
            }
            // the target's clock read between D and D + 1s at some moment between sent and received
            Instant d = Instant.ofEpochMilli(date);
            Duration lo = Duration.between(d.plusSeconds(1), sent);
            Duration hi = Duration.between(d, received);
            low = low == null || lo.compareTo(low) > 0 ? lo : low;
            high = high == null || hi.compareTo(high) < 0 ? hi : high;
        }
        if (low == null || low.compareTo(high) > 0) {
            return Optional.empty(); // the readings contradict each other: the target's clock jumped
        }
        return Optional.of(new ClockOffset(low, high, "Date header of " + url));
    }

    private static long dateHeader(URI url, boolean trustAll) throws IOException, GeneralSecurityException {
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        if (trustAll && c instanceof HttpsURLConnection https) {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new TrustAll()}, null);
            https.setSSLSocketFactory(tls.getSocketFactory());
            https.setHostnameVerifier((host, session) -> true);
        }
        c.setConnectTimeout(TIMEOUT_MS);
        c.setReadTimeout(TIMEOUT_MS);
        c.setRequestProperty("User-Agent", "httpbench-clock-probe");
        try (InputStream body = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (body != null) {
                body.readAllBytes(); // so that the connection is reused for the next reading
            }
        }
        return c.getHeaderFieldDate("Date", 0);
    }

    /** Accepts any certificate: only for {@code --insecure}, as the benchmark itself does then. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
