package dev.httpbench.jetty.internal;

/**
 * A connection of a worker's event loop, the attachment of its selection key. Not thread-safe: only
 * the worker's loop thread calls it.
 */
interface LoopConnection {
    /** Opens the connection (TCP, then TLS), ahead of any request; failures only close it. */
    void connect(long now);

    /** The selector found the connection ready for {@code readyOps}. */
    void ready(int readyOps, long now);

    /** Established (TLS and protocol preface included) and usable. */
    boolean isOpen();

    /** Not connected and not connecting. */
    boolean isClosed();

    /** Closes it; requests on it are the caller's to count. */
    void close();
}
