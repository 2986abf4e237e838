package dev.httpbench.benchmarks;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The reference for httpbench's engine overhead: the leanest closed loop on a bare Jetty
 * {@link HttpClient} per worker, set up as httpbench's workers are (one selector, non-blocking
 * listeners) but with no recording, accounting or monitoring, so that
 * {@code benchmarks/compare-with-wrk.sh} can report httpbench's throughput as a ratio of what Jetty
 * itself does on the same machine in the same sitting.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.httpbench.benchmarks.BareJettyBaseline URL CONNECTIONS WORKERS SECONDS</pre>
 *
 * Prints one line: {@code bare-jetty <requests/s>}, measured after a two-second warm-up.
 */
public final class BareJettyBaseline {
    private BareJettyBaseline() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: BareJettyBaseline URL CONNECTIONS WORKERS SECONDS");
            System.exit(2);
        }
        String url = args[0];
        int connections = Integer.parseInt(args[1]);
        int workers = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        AtomicLong done = new AtomicLong();
        AtomicBoolean going = new AtomicBoolean(true);
        HttpClient[] clients = new HttpClient[workers];
        for (int w = 0; w < workers; w++) {
            ClientConnector connector = new ClientConnector();
            connector.setSelectors(1);
            HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
            transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING); // as httpbench's workers
            HttpClient client = new HttpClient(transport);
            int slots = connections / workers + (w < connections % workers ? 1 : 0);
            client.setMaxConnectionsPerDestination(Math.max(1, slots));
            client.start();
            clients[w] = client;
            for (int s = 0; s < slots; s++) {
                loop(client, url, done, going);
            }
        }
        Thread.sleep(2_000); // warm-up, as the script gives httpbench
        long before = done.get();
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long count = done.get() - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        going.set(false);
        System.out.printf(Locale.ROOT, "bare-jetty %.1f%n", count / elapsed);
        for (HttpClient client : clients) {
            client.stop();
        }
    }

    private static void loop(HttpClient client, String url, AtomicLong done, AtomicBoolean going) {
        client.newRequest(url).send(result -> {
            done.incrementAndGet();
            if (going.get()) {
                loop(client, url, done, going);
            }
        });
    }
}
