package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/2 request of a run, encoded once: an HPACK header block that uses only the static table and
 * literals without indexing, so that the same bytes are valid for every stream of every connection
 * whatever the peers' dynamic tables hold; each request is a 9-byte frame header plus this block (and
 * the body as DATA). Immutable; shared by the workers.
 */
final class Http2Request {

    private final byte[] headerBlock;
    private final byte[] body;

    private Http2Request(byte[] headerBlock, byte[] body) {
        this.headerBlock = headerBlock;
        this.body = body;
    }

    static Http2Request of(BenchmarkConfig config) {
        URI target = config.target();
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        if (target.getRawQuery() != null) {
            path += "?" + target.getRawQuery();
        }
        String authority = RequestBytes.hostHeader(target);
        boolean userAgent = false;
        boolean contentType = false;
        for (Map.Entry<String, String> h : config.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("host")) {
                authority = h.getValue(); // the user's virtual host
            }
            userAgent |= name.equals("user-agent");
            contentType |= name.equals("content-type");
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream(256);
        switch (config.method()) {
            case "GET" -> block.write(0x80 | 2); // static table index 2: :method GET
            case "POST" -> block.write(0x80 | 3);
            default -> literal(block, 2, config.method());
        }
        block.write(0x80 | ("https".equalsIgnoreCase(target.getScheme()) ? 7 : 6)); // :scheme
        literal(block, 1, authority); // :authority
        if (path.equals("/")) {
            block.write(0x80 | 4);
        } else {
            literal(block, 4, path); // :path
        }
        if (!userAgent) {
            literal(block, 58, RequestBytes.USER_AGENT); // user-agent
        }
        for (Map.Entry<String, String> h : config.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("host")) { // it is the :authority; the builder refuses the connection-specific ones
                literal(block, name, h.getValue());
            }
        }
        byte[] body = config.body();
        if (body.length > 0) {
            if (!contentType) {
                literal(block, 31, "application/octet-stream"); // content-type
            }
            literal(block, 28, Integer.toString(body.length)); // content-length
        }
        return new Http2Request(block.toByteArray(), body);
    }

    /** Literal header field without indexing, name from the static table (RFC 7541, 6.2.2). */
    private static void literal(ByteArrayOutputStream out, int nameIndex, String value) {
        integer(out, 0x00, 4, nameIndex);
        string(out, value);
    }

    /** Literal header field without indexing, new name. */
    private static void literal(ByteArrayOutputStream out, String name, String value) {
        out.write(0x00);
        string(out, name);
        string(out, value);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        integer(out, 0x00, 7, bytes.length); // H = 0: not Huffman-coded
        out.writeBytes(bytes);
    }

    /** An HPACK integer with an {@code prefix}-bit prefix after the bits in {@code first} (RFC 7541, 5.1). */
    private static void integer(ByteArrayOutputStream out, int first, int prefix, int value) {
        int max = (1 << prefix) - 1;
        if (value < max) {
            out.write(first | value);
            return;
        }
        out.write(first | max);
        value -= max;
        while (value >= 128) {
            out.write(value % 128 + 128);
            value /= 128;
        }
        out.write(value);
    }

    byte[] headerBlock() {
        return headerBlock;
    }

    byte[] body() {
        return body;
    }
}
