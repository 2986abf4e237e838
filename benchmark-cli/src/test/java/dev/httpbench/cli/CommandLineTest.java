package dev.httpbench.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.httpbench.testsupport.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/** The command line as wrk, hey and k6 users type it, and every bad value named by its flag. */
class CommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @TempDir
    Path dir;

    private Harness h;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private Harness h() {
        if (h == null) {
            h = new Harness(dir);
        }
        return h;
    }

    private JsonNode summary() throws Exception {
        return JSON.readTree(h().onlyReportFolder().resolve("summary.json").toFile());
    }

    @Test
    void aFullUrlIsThePositionalArgument() throws Exception {
        assertEquals(Runner.EXIT_OK, h().run(h().tiny(server.url("/ok?from=url"))), h().err());
        assertEquals(server.url("/ok?from=url"), summary().get("target").asText());
    }

    @Test
    void shortFlagsAreThoseOfWrkHeyAndK6() throws Exception {
        int code = h().run("-c", "3", "-w", "1", "-n", "40", "-m", "POST", "-H", "Content-Type: text/plain", "-b", "hi",
                "--warmup", "0s", "-q", "--output-dir", dir.toString(), server.url("/ok"));
        assertEquals(Runner.EXIT_OK, code, h().err());
        JsonNode s = summary();
        assertEquals("POST", s.get("method").asText());
        assertEquals(3, s.at("/runs/0/concurrency").asInt());
        assertEquals(1, s.at("/runs/0/workers").asInt());
        assertEquals(40, s.at("/runs/0/requests/sent").asLong());
    }

    @Test
    void shortFlagsForRateThreadsAndDurationToo() throws Exception {
        int code = h().run("-R", "50", "-t", "1", "-d", "300ms", "-c", "2", "--warmup", "0s", "-q", "--output-dir",
                dir.toString(), server.url("/ok"));
        assertEquals(Runner.EXIT_OK, code, h().err());
        JsonNode run = summary().at("/runs/0");
        assertEquals(50.0, run.get("rate_rps").asDouble());
        assertEquals(1, run.get("workers").asInt());
    }

    @Test
    void theUrlExcludesBaseUrlAndAPathOfItsOwnExcludesPath() {
        assertEquals(Runner.EXIT_USAGE, h().run("--base-url", server.baseUrl(), "--path", "/a", server.url("/b")));
        assertEquals(List.of("httpbench: URL and --base-url are exclusive: give one of them (URL was '"
                        + server.url("/b") + "')",
                "httpbench: --path must not be set when the URL has a path but was '/a'",
                "Run 'httpbench --help' for the options."), h().err().lines().toList());
    }

    @Test
    void badValuesNameTheFlagAsTypedAndNeverStackTraces() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        String engineOwned = "Content-Length must not be set: the engine sets the message's framing (Content-Length, "
                + "Transfer-Encoding) and keeps connections alive itself (Connection, Keep-Alive, TE, Trailer, Upgrade)";
        List<List<String>> cases = List.of(
                List.of("--base-url", "http://127.0.0.1:99999",
                        "--base-url must have a port between 1 and 65535 but was 'http://127.0.0.1:99999'"),
                List.of("-H", "Content-Length: 5", "-H " + engineOwned),
                List.of("--header", "Content-Length: 5", "--header " + engineOwned),
                List.of("--duration", "100000h", "--duration must be <= 720h but was 100000h"),
                List.of("--warmup", "9999999999999h", "--warmup must be <= 720h but was 9999999999999h"),
                List.of("--timeout", "0s", "--timeout must be > 0s but was 0s"),
                List.of("--stages", "10/9999999999999h", "--stages stage 1 duration must be <= 720h but was 9999999999999h"),
                List.of("--path", "/<script>", "--path must be a URL path like /items?id=1 (starting with /, characters "
                        + "a URL allows) but was '/<script>'"),
                List.of("--method", "GE\r\nT", "--method must be an HTTP token like GET or POST but was 'GE\\r\\nT'"),
                List.of("-m", "GE T", "-m must be an HTTP token like GET or POST but was 'GE T'"),
                List.of("-c", "0", "-c must be >= 1 but was 0"),
                List.of("--concurrency", "100001", "--concurrency must be <= 100000 but was 100001"),
                List.of("-w", "0", "-w must be >= 1 but was 0"),
                List.of("-R", "0", "-R must be > 0 and <= 10000000 requests/s but was 0.0"),
                List.of("--redact-header", " ", "--redact-header must be a header name but was  "),
                List.of("--output-dir", "", "--output-dir must be a folder path but was ''"),
                List.of("--expectations", folder.toString(), "--expectations must be a readable CSV file but was '"
                        + folder + "' (a folder)"),
                List.of("--base-url", "ftp://alice:pa55@host", "--base-url must be an http or https URL with a host "
                        + "and no query, like http://127.0.0.1:3000 but was 'ftp://alice:***@host'"),
                List.of("-H", "Authorization: Bearer pa55\r\nX: y", "-H Authorization value must not be null or "
                        + "contain CR or LF but was '***'"));
        long before = server.requests();
        for (List<String> c : cases) {
            h().reset();
            int code = h().run("--output-dir", dir.resolve("out").toString(), "--base-url", server.baseUrl(),
                    c.get(0), c.get(1));
            assertEquals(Runner.EXIT_USAGE, code, c + ": " + h().err());
            assertEquals(List.of("httpbench: " + c.get(2), "Run 'httpbench --help' for the options."),
                    h().err().lines().toList(), c.toString());
            assertFalse(h().err().contains("\r"), "no raw CR reaches the console");
            assertFalse(h().err().contains("pa55"), "no password reaches the console");
        }
        assertEquals(before, server.requests(), "bad usage sends nothing");
        assertFalse(Files.exists(dir.resolve("out")), "bad usage writes nothing");
    }

    @Test
    void helpGroupsTheOptionsAndEndsWithExamplesAndExitCodes() {
        assertEquals(Runner.EXIT_OK, h().run("--help"));
        String help = h().out();
        int at = 0;
        for (String heading : List.of("Usage: httpbench [OPTIONS] [URL] [COMMAND]", "\nTarget\n", "\nLoad\n",
                "\nOpen loop (one of; default: closed loop)\n", "\nRequest\n", "\nRequest body (one of; default: none)\n",
                "\nOutput\n", "\nThresholds (every run must meet each)\n", "\nSystem\n",
                "\nThe highest rate that meets the SLO (instead of the matrix)\n",
                "\nShards (one test over several generators; then httpbench merge)\n", "\nCommands\n",
                "\n  merge    Merge the shards of one distributed test into one exact result.\n",
                "\n  k8s      Print the Kubernetes manifests (an Indexed Job) of one test in N shards.\n",
                "\n  compare  Compare two reports: did it get worse?\n", "\nExamples\n", "\nExit codes\n")) {
            int found = help.indexOf(heading, at);
            assertTrue(found >= 0, heading + " missing or out of order in\n" + help);
            at = found;
        }
        assertTrue(help.endsWith("""
                Exit codes
                  0    done, every threshold met (--find-max-rate: a rate met the SLO)
                  1    an --assert-* threshold was violated (with --check-system: a critical finding; with
                       --find-max-rate: no rate met the SLO)
                  2    bad usage, an unusable --output-dir, or a critical system finding without --force
                  3    target unreachable or its health check did not answer 2xx
                  4    the benchmark itself failed, or the report could not be written where asked (a shard: the
                       common start came after its window had ended)
                  130  stopped by Ctrl-C (SIGINT); 143 by SIGTERM. The report holds what was measured.
                """), help);
    }

    @Test
    void theReadmeDescribesExactlyTheOptionsHelpShows() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## The command-line runner");
        int end = readme.indexOf("\n### ", start + 1); // the runner's own table, not its subcommands
        String section = readme.substring(start, end);
        Set<String> documented = new TreeSet<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `-")).toList()) {
            Matcher m = Pattern.compile("`(-{1,2}[A-Za-z0-9-]+)").matcher(line.substring(0, line.indexOf('|', 1)));
            while (m.find()) {
                documented.add(m.group(1));
            }
        }
        Set<String> shown = Runner.commandLine(new HttpbenchCommand(), new EnvironmentDefaults(java.util.Map.of()))
                .getCommandSpec().options().stream().flatMap(o -> Stream.of(o.names()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(shown, documented, "the README's option table and --help");
        for (OptionSpec o : Runner.commandLine(new HttpbenchCommand(), new EnvironmentDefaults(java.util.Map.of()))
                .getCommandSpec().options()) {
            String env = o.defaultValue() == null ? null : o.defaultValue().replaceAll("^\\$\\{env:([A-Z_]+).*", "$1");
            if (env != null && !env.equals(o.defaultValue())) {
                assertTrue(section.contains("`" + env + "`"), env + " of " + o.longestName() + " is documented");
            }
        }
    }

    @Test
    void theDefaultHealthCheckIsOneRequestExactlyLikeTheBenchmarks() throws Exception {
        WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        try {
            wm.stubFor(post(urlEqualTo("/orders")).willReturn(aResponse().withStatus(201)));
            // WireMock's first answer can take seconds on a busy machine: warm it up, then count afresh
            java.net.HttpURLConnection warm = (java.net.HttpURLConnection) java.net.URI.create(
                    "http://127.0.0.1:" + wm.port() + "/warm-up").toURL().openConnection();
            warm.setConnectTimeout(30_000);
            warm.setReadTimeout(30_000);
            assertEquals(404, warm.getResponseCode());
            warm.disconnect();
            wm.resetRequests();
            int code = h().run("-m", "POST", "-H", "Content-Type: application/json", "-H", "X-Token: t1",
                    "-b", "{\"id\":1}", "-n", "5", "-c", "1", "-w", "1", "--warmup", "0s", "-q", "--output-dir",
                    dir.toString(), "http://127.0.0.1:" + wm.port() + "/orders");
            assertEquals(Runner.EXIT_OK, code, h().err());
            wm.verify(6, postRequestedFor(urlEqualTo("/orders")).withHeader("X-Token", equalTo("t1"))
                    .withHeader("Content-Type", equalTo("application/json")).withRequestBody(equalToJson("{\"id\":1}")));
            wm.verify(6, anyRequestedFor(anyUrl()));
        } finally {
            wm.stop();
        }
    }

    @Test
    void aNonSuccessAnswerNamesTheStatusAndSuggestsHealthPathOrNoHealthCheck() throws Exception {
        assertEquals(Runner.EXIT_UNREACHABLE, h().run(h().tiny(server.url("/status?code=404"))));
        assertEquals("httpbench: target unhealthy: health check GET " + server.url("/status?code=404") + " answered 404 "
                + "(expected 2xx); point --health-path at a path that answers 2xx, or skip the check with "
                + "--no-health-check; nothing was measured\n", h().err());
        assertEquals(0, h().filesIn(dir), "the run folder made for the report is removed again");

        h().reset();
        assertEquals(Runner.EXIT_OK, h().run(h().tiny(server.url("/status?code=404"), "--no-health-check")), h().err());
        assertEquals(summary().at("/runs/0/requests/sent").asLong(), summary().at("/runs/0/status_codes/404").asLong());
    }

    @Test
    void http2AgainstAnHttp11OnlyServerIsOneLineWithoutAStackTrace() {
        assertEquals(Runner.EXIT_UNREACHABLE, h().run(h().tiny(server.url("/ok"), "--http2")));
        assertEquals("httpbench: target unreachable: health check GET " + server.url("/ok") + " failed: the server does "
                + "not speak HTTP/2 here (it answered like HTTP/1.1 or closed the connection); drop --http2, or use "
                + "https:// where ALPN agrees on the version; nothing was measured\n", h().err());
    }

    @Test
    void stdoutAndStderrNeverShowAPasswordOrARedactedHeaderValue() throws Exception {
        String url = server.url("/ok").replace("http://", "http://alice:pa55word@");
        int code = h().run(h().tiny(url, "-H", "Authorization: Bearer t0ken", "-H", "X-Api-Key: k3y",
                "--redact-header", "X-Api-Key", "-H", "X-Shown: visible"));
        assertEquals(Runner.EXIT_OK, code, h().err());
        String console = h().out() + h().err();
        for (String secret : List.of("pa55word", "t0ken", "k3y")) {
            assertFalse(console.contains(secret), secret + " shown in\n" + console);
        }
        assertTrue(h().out().contains("http://alice:***@127.0.0.1:"), h().out());
        assertTrue(h().out().contains("(Authorization: ***, X-Api-Key: ***, X-Shown: visible)"), h().out());
        try (Stream<Path> files = Files.walk(h().onlyReportFolder())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String secret : List.of("pa55word", "t0ken", "k3y")) {
                    assertFalse(text.contains(secret), secret + " written to " + f);
                }
            }
        }
    }
}
