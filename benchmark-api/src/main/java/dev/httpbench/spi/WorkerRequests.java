package dev.httpbench.spi;

import dev.httpbench.Feeder;
import java.nio.ByteBuffer;

/**
 * One worker's requests: its cursor in the weighted sequence, its cursor in each feeder, and its views
 * of the pre-encoded requests. {@link #next(int, RequestBuffer)} picks the next endpoint, takes its
 * rows and assembles its bytes, without allocating and without touching anything another worker
 * touches. Not thread-safe: created for and used by one worker thread.
 */
public final class WorkerRequests {
    /** What {@code next} returns when the worker must issue no more requests: a once feeder is used up. */
    public static final int EXHAUSTED = -1;

    private final RequestTemplate[][] templates;
    private final int[][] endpointFeeds;
    private final WeightedSequence.Cursor mix;
    private final FeedCursor[] cursors;
    private final int[] rows;
    private final ByteBuffer[][] views;
    private boolean exhausted;

    WorkerRequests(Workload workload, int worker, int workers) {
        this.templates = workload.templates();
        this.endpointFeeds = workload.endpointFeeds();
        this.mix = workload.sequence().cursor(worker, workers);
        int feeds = workload.feeders().size();
        this.cursors = new FeedCursor[feeds];
        this.rows = new int[feeds];
        for (int f = 0; f < feeds; f++) {
            cursors[f] = workload.cursor(f, worker, workers);
            exhausted |= cursors[f].exhausted(); // this worker's share of a once feeder is empty
        }
        this.views = new ByteBuffer[templates.length][];
        for (int e = 0; e < templates.length; e++) {
            views[e] = new ByteBuffer[templates[e].length];
            for (int i = 0; i < templates[e].length; i++) {
                views[e][i] = templates[e][i].isStatic() ? templates[e][i].staticView() : null;
            }
        }
    }

    /**
     * Picks the next request for a connection to instance {@code instance} and puts its HTTP/1.1 bytes
     * in {@code out}.
     *
     * @return the endpoint's index in {@link Workload#endpoints()}, or {@link #EXHAUSTED}
     */
    public int next(int instance, RequestBuffer out) {
        int e = take();
        if (e != EXHAUSTED) {
            RequestTemplate t = templates[e][instance];
            if (t.isStatic()) {
                out.useStatic(views[e][instance], t.staticLength(), t.head());
            } else {
                t.encode(rows, out);
            }
        }
        return e;
    }

    /**
     * Picks the next request for instance {@code instance} and puts its parts in {@code out}, for
     * clients that assemble the message themselves.
     *
     * @return the endpoint's index in {@link Workload#endpoints()}, or {@link #EXHAUSTED}
     */
    public int next(int instance, RequestParts out) {
        int e = take();
        if (e != EXHAUSTED) {
            templates[e][instance].parts(rows, out);
        }
        return e;
    }

    /**
     * Whether this worker must issue no more requests: one of its {@link Feeder.Order#ONCE once}
     * feeders has no row left for it (its last row went out with an earlier request).
     */
    public boolean exhausted() {
        return exhausted;
    }

    private int take() {
        if (exhausted) {
            return EXHAUSTED;
        }
        int e = mix.next();
        int[] feeds = endpointFeeds[e];
        for (int f : feeds) {
            rows[f] = cursors[f].next();
        }
        for (int f : feeds) {
            exhausted |= cursors[f].exhausted();
        }
        return e;
    }
}
