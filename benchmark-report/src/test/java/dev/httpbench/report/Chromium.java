package dev.httpbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven through the DevTools protocol over a WebSocket, bounded in time:
 * pages are laid out at an emulated device width (the window itself cannot be narrower than 500 px),
 * and every console message and uncaught exception is collected. Outside CI a missing browser skips
 * the test; with the environment variable CI set it fails it, so CI cannot pass without it.
 *
 * <p>Thread contract: one test thread calls {@link #open} and {@link #screenshot}; the WebSocket's
 * thread only completes futures and appends to synchronized lists.
 */
final class Chromium implements AutoCloseable {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();
    private String session;
    private String target;
    private int width;
    private boolean mobile;

    /**
     * A page after its scripts ran.
     *
     * @param dom the document as serialized by the browser
     * @param console every console message and uncaught exception of the page
     */
    record Page(String dom, List<String> console) {
        /** The value of an attribute of the root {@code <html>} element, or null. */
        String rootAttribute(String name) {
            int start = dom.indexOf("<html");
            String root = dom.substring(start, dom.indexOf('>', start) + 1);
            int at = root.indexOf(" " + name + "=\"");
            if (at < 0) {
                return null;
            }
            int from = at + name.length() + 3;
            return root.substring(from, root.indexOf('"', from));
        }
    }

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser executable, if installed. */
    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            for (String name : NAMES) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether CI is running this test (then a missing browser is a failure, not a skip). */
    static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Starts the browser and connects to it. */
    static Chromium start(Path browser) throws Exception {
        Path profile = Files.createTempDirectory("httpbench-chromium-");
        Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) { // read to the end so that the browser never blocks
                    int at = line.indexOf("ws://");
                    if (line.startsWith("DevTools listening on") && at >= 0) {
                        endpoint.complete(line.substring(at).trim());
                    }
                }
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new IllegalStateException("chromium ended without a DevTools endpoint"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            String ws = endpoint.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Chromium[] self = new Chromium[1];
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(ws), new Listener(() -> self[0])).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            self[0] = new Chromium(p, profile, socket);
            return self[0];
        } catch (Exception e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            deleteTree(profile);
            throw e;
        }
    }

    /**
     * Opens {@code html} in a fresh tab laid out {@code width} CSS pixels wide (as a phone below 600)
     * and returns it once its script marked it rendered (or failed).
     */
    Page open(Path html, int width) throws Exception {
        this.width = width;
        this.mobile = width < 600;
        console.clear();
        if (target != null) {
            call(null, "Target.closeTarget", obj("targetId", target));
        }
        target = call(null, "Target.createTarget", obj("url", "about:blank")).path("targetId").asText();
        session = call(null, "Target.attachToTarget", obj("targetId", target).put("flatten", true))
                .path("sessionId").asText();
        call(session, "Runtime.enable", obj());
        call(session, "Log.enable", obj());
        call(session, "Page.enable", obj());
        emulate(1000);
        loaded = new CompletableFuture<>();
        call(session, "Page.navigate", obj("url", html.toUri().toString()));
        loaded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (evaluate("document.documentElement.getAttribute('data-render') || "
                + "document.documentElement.getAttribute('data-errors') || ''").isEmpty()) {
            if (System.nanoTime() - until > 0) {
                throw new IllegalStateException(html + " did not render within " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
        String dom = evaluate("document.documentElement.outerHTML");
        synchronized (console) {
            return new Page(dom, List.copyOf(console));
        }
    }

    /** Writes the whole page last opened, at its width and full height, to {@code png}. */
    void screenshot(Path png) throws Exception {
        int height = Integer.parseInt(evaluate("String(document.documentElement.scrollHeight)"));
        emulate(height);
        Thread.sleep(300); // the page re-lays out its charts after the resize
        height = Integer.parseInt(evaluate("String(document.documentElement.scrollHeight)"));
        emulate(height);
        Thread.sleep(300);
        JsonNode shot = call(session, "Page.captureScreenshot", obj("format", "png"));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private void emulate(int height) throws Exception {
        call(session, "Emulation.setDeviceMetricsOverride", obj().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", mobile));
    }

    private String evaluate(String expression) throws Exception {
        JsonNode r = call(session, "Runtime.evaluate", obj("expression", expression).put("returnByValue", true));
        return r.path("result").path("value").asText("");
    }

    private JsonNode call(String sessionId, String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = obj().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        JsonNode r = reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + " failed: " + r.get("error"));
        }
        return r.path("result");
    }

    private void received(JsonNode m) {
        if (m.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(m.get("id").asInt());
            if (reply != null) {
                reply.complete(m);
            }
            return;
        }
        JsonNode p = m.path("params");
        switch (m.path("method").asText()) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.consoleAPICalled" -> {
                List<String> args = new ArrayList<>();
                p.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText()
                        : a.path("description").asText()));
                console.add(p.path("type").asText() + ": " + String.join(" ", args));
            }
            case "Runtime.exceptionThrown" -> console.add("exception: " + p.path("exceptionDetails").path("exception")
                    .path("description").asText(p.path("exceptionDetails").path("text").asText()));
            case "Log.entryAdded" -> console.add("log " + p.path("entry").path("level").asText() + ": "
                    + p.path("entry").path("text").asText());
            default -> {
            }
        }
    }

    private static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    private static ObjectNode obj(String key, String value) {
        return obj().put(key, value);
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendText("{\"id\":0,\"method\":\"Browser.close\"}", true).get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser is destroyed below either way
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Reassembles text frames into messages and hands each to the browser object. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Supplier<Chromium> owner;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Supplier<Chromium> owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Chromium c = owner.get();
                if (c != null) {
                    try {
                        c.received(JSON.readTree(text));
                    } catch (IOException e) {
                        c.console.add("unreadable DevTools message: " + e.getMessage());
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }
}
