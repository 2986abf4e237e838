package dev.httpbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Feeder.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeedCursorTest {

    private static List<Integer> take(FeedCursor c, int n) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(c.next());
        }
        return rows;
    }

    @Test
    void sequentialWithOneWorkerGoesInFileOrderAndWraps() {
        assertEquals(List.of(0, 1, 2, 3, 0, 1, 2, 3, 0), take(FeedCursor.of(Order.SEQUENTIAL, 4, 0, 0, 1), 9));
    }

    @Test
    void sequentialWorkersStrideSoThatTogetherTheyWalkTheFileInOrder() {
        assertEquals(List.of(0, 3, 6, 9, 2, 5), take(FeedCursor.of(Order.SEQUENTIAL, 10, 0, 0, 3), 6));
        assertEquals(List.of(1, 4, 7, 0, 3, 6), take(FeedCursor.of(Order.SEQUENTIAL, 10, 0, 1, 3), 6));
        assertEquals(List.of(2, 5, 8, 1, 4, 7), take(FeedCursor.of(Order.SEQUENTIAL, 10, 0, 2, 3), 6));
        // more workers than rows: each still gets rows
        assertEquals(List.of(0, 1, 2, 0), take(FeedCursor.of(Order.SEQUENTIAL, 3, 0, 3, 4), 4));
    }

    @Test
    void onceUsesEveryRowExactlyOnceAcrossTheWorkersThenIsExhausted() {
        for (int workers : new int[] {1, 2, 3, 7, 12}) {
            List<Integer> all = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                FeedCursor c = FeedCursor.of(Order.ONCE, 10, 0, w, workers);
                int previous = -1;
                for (int row = c.next(); row != FeedCursor.EXHAUSTED; row = c.next()) {
                    assertTrue(row > previous, "in file order within a worker");
                    previous = row;
                    all.add(row);
                }
                assertTrue(c.exhausted());
                assertEquals(FeedCursor.EXHAUSTED, c.next());
            }
            all.sort(null);
            assertEquals(IntStream.range(0, 10).boxed().toList(), all, workers + " workers");
        }
    }

    @Test
    void randomIsReproducibleForASeedAndWorkerAndDiffersOtherwise() {
        List<Integer> a = take(FeedCursor.of(Order.RANDOM, 1000, 42, 1, 4), 50);
        assertEquals(a, take(FeedCursor.of(Order.RANDOM, 1000, 42, 1, 4), 50));
        assertNotEquals(a, take(FeedCursor.of(Order.RANDOM, 1000, 43, 1, 4), 50));
        assertNotEquals(a, take(FeedCursor.of(Order.RANDOM, 1000, 42, 2, 4), 50));
        assertTrue(a.stream().allMatch(r -> r >= 0 && r < 1000));
        assertFalse(FeedCursor.of(Order.RANDOM, 1, 42, 0, 1).exhausted());
    }
}
