package dev.httpbench.jetty.internal;

/**
 * The timer of an event loop for one kind of timeout (request or connect): an intrusive doubly linked
 * list of {@link Entry entries} in deadline order. Every timeout of a kind has the same length and
 * starts at a time that does not decrease, so adding is an append (the insertion walks back from the
 * tail only if a deadline ever arrives out of order), removing is O(1), and the next deadline is the
 * head. Entries belong to request slots and connections and are reused, so timing a request allocates nothing. Not
 * thread-safe: one worker thread owns it.
 */
final class Deadlines {
    /** One slot's or connection's place in the list, reused for each of its requests or connects. */
    static final class Entry {
        /** What to do when the deadline passes; it must remove the entry (or the loop removes it). */
        final Runnable onExpiry;
        long deadline;
        Entry prev;
        Entry next;
        boolean linked;

        Entry(Runnable onExpiry) {
            this.onExpiry = onExpiry;
        }
    }

    private Entry head;
    private Entry tail;

    void add(Entry e, long deadline) {
        if (e.linked) {
            remove(e);
        }
        e.deadline = deadline;
        Entry after = tail;
        while (after != null && after.deadline - deadline > 0) {
            after = after.prev;
        }
        e.prev = after;
        e.next = after == null ? head : after.next;
        if (e.next != null) {
            e.next.prev = e;
        } else {
            tail = e;
        }
        if (after != null) {
            after.next = e;
        } else {
            head = e;
        }
        e.linked = true;
    }

    void remove(Entry e) {
        if (!e.linked) {
            return;
        }
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            head = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        } else {
            tail = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.linked = false;
    }

    /** The entry whose deadline has passed at {@code now}, earliest first; null when none. */
    Entry expired(long now) {
        return head != null && head.deadline - now <= 0 ? head : null;
    }

    /** The earliest deadline; {@link Long#MAX_VALUE} when the list is empty. */
    long next() {
        return head == null ? Long.MAX_VALUE : head.deadline;
    }
}
