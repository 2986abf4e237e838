package dev.httpbench.jetty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.httpbench.Benchmark;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The request is encoded once, exactly as it goes on the wire. */
class RequestBytesTest {

    @Test
    void aGetCarriesHostWithItsPortAndTheUserAgent() {
        String wire = wire(Benchmark.target("http://127.0.0.1:8080/a/b?x=1&y=%20").header("Accept", "*/*"));
        assertEquals("GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: " + RequestBytes.USER_AGENT
                + "\r\nAccept: */*\r\n\r\n", wire);
    }

    @Test
    void theDefaultPortIsLeftOutOfHostAndAnEmptyPathIsTheRoot() {
        assertEquals("GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: " + RequestBytes.USER_AGENT + "\r\n\r\n",
                wire(Benchmark.target("https://example.com:443")));
    }

    @Test
    void aBodyIsFramedByTheEngineWithTheUsersContentType() {
        String wire = wire(Benchmark.target("http://h/p").method("POST").body("{\"a\":1}")
                .header("Content-Type", "application/json"));
        assertEquals("POST /p HTTP/1.1\r\nHost: h\r\nUser-Agent: " + RequestBytes.USER_AGENT
                + "\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}", wire);
    }

    @Test
    void aBodyWithoutContentTypeIsOctetsAndAnEmptyPostIsFramedToo() {
        assertEquals("PUT /p HTTP/1.1\r\nHost: h\r\nUser-Agent: " + RequestBytes.USER_AGENT
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 2\r\n\r\nab",
                wire(Benchmark.target("http://h/p").method("PUT").body("ab")));
        assertEquals("POST /p HTTP/1.1\r\nHost: h\r\nUser-Agent: " + RequestBytes.USER_AGENT
                + "\r\nContent-Length: 0\r\n\r\n", wire(Benchmark.target("http://h/p").method("POST")));
    }

    @Test
    void theUsersHostAndUserAgentReplaceTheEngines() {
        assertEquals("GET / HTTP/1.1\r\nHost: virtual.example\r\nUser-Agent: mine/1\r\n\r\n",
                wire(Benchmark.target("http://127.0.0.1/").header("Host", "virtual.example")
                        .header("User-Agent", "mine/1")));
    }

    private static String wire(dev.httpbench.BenchmarkConfig.Builder builder) {
        return new String(RequestBytes.encode(builder.build()), StandardCharsets.ISO_8859_1);
    }
}
