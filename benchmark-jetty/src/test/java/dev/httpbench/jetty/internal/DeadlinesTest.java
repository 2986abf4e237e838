package dev.httpbench.jetty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The loop's timer lists and wait queue: order, removal, bounds. */
class DeadlinesTest {

    @Test
    void entriesExpireInDeadlineOrderAndRemovedOnesNever() {
        Deadlines list = new Deadlines();
        Deadlines.Entry a = new Deadlines.Entry(null);
        Deadlines.Entry b = new Deadlines.Entry(null);
        Deadlines.Entry c = new Deadlines.Entry(null);
        list.add(a, 10);
        list.add(b, 30);
        list.add(c, 20); // out of order: inserted before b
        assertEquals(10, list.next());
        assertNull(list.expired(9));
        assertSame(a, list.expired(10));
        list.remove(a);
        list.remove(c);
        list.remove(c); // twice is harmless
        assertSame(b, list.expired(100));
        list.add(b, 40); // re-adding moves it
        assertEquals(40, list.next());
        list.remove(b);
        assertEquals(Long.MAX_VALUE, list.next());
        assertNull(list.expired(Long.MAX_VALUE - 1));
    }

    @Test
    void theWaitQueueIsAFifoThatGrowsUpToItsCapacity() {
        WaitQueue q = new WaitQueue(100);
        Phase warmup = new Phase(null, null, null);
        Phase measured = new Phase(null, null, null);
        for (int i = 0; i < 100; i++) {
            assertEquals(true, q.add(i, i % 2 == 0 ? measured : warmup));
        }
        assertEquals(false, q.add(100, measured), "full at its capacity");
        for (int i = 0; i < 100; i++) {
            assertEquals(i, q.headIntended());
            assertSame(i % 2 == 0 ? measured : warmup, q.headPhase());
            q.removeHead();
        }
        assertEquals(true, q.isEmpty());
    }
}
