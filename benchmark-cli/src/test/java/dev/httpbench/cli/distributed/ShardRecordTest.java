package dev.httpbench.cli.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ShardRecordTest {
    private static Map<String, byte[]> files(int seed) {
        Random random = new Random(seed);
        byte[] log = new byte[20_000];
        random.nextBytes(log);
        Map<String, byte[]> files = new TreeMap<>();
        files.put("shard.json", ("{\"shard\": " + seed + "}\n").getBytes(StandardCharsets.UTF_8));
        files.put("summary.json", "{\"runs\": []}\n".getBytes(StandardCharsets.UTF_8));
        files.put("histograms/01-c64-w2-rep1.hlog", log);
        return files;
    }

    private static List<ShardRecord.Found> decode(String log) throws Exception {
        return ShardRecord.decode("shards.log", new BufferedReader(new StringReader(log)));
    }

    private static void assertFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }

    @Test
    void recordsSurviveAKubectlLogsFileWithPrefixesTimestampsAndInterleavedLines() throws Exception {
        List<String> a = ShardRecord.encode("0/2", "gen-0", files(0)).lines().toList();
        List<String> b = ShardRecord.encode("1/2", "gen-1", files(1)).lines().toList();
        StringBuilder log = new StringBuilder("httpbench: target http://api:8080/ healthy\n");
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                log.append("[pod/bench-0-x7k2p/httpbench] ").append(a.get(i)).append('\n');
            }
            if (i % 5 == 0) {
                log.append("2026-11-30T10:00:0").append(i % 10).append(".123Z httpbench: WARNING worker 0 busy\n");
            }
            if (i < b.size()) {
                log.append("2026-11-30T10:00:01.000000001Z ").append(b.get(i)).append('\n');
            }
        }
        log.append(String.join("\n", a)).append('\n'); // the same pod's log read twice

        List<ShardRecord.Found> found = decode(log.toString());
        assertEquals(2, found.size());
        assertEquals("shards.log (shard 0/2, line 2)", found.get(0).source());
        assertEquals("1/2", found.get(1).shard());
        assertNull(found.get(0).problem());
        assertNull(found.get(1).problem());
        assertFiles(files(0), found.get(0).files());
        assertFiles(files(1), found.get(1).files());
    }

    @Test
    void aRecordCutShortIsReportedWithTheLikelyCause() throws Exception {
        List<String> lines = new ArrayList<>(ShardRecord.encode("3/4", "gen-3", files(3)).lines().toList());
        int total = lines.size() - 2;
        List<String> tail = lines.subList(lines.size() - 10, lines.size()); // kubectl logs -l shows 10 lines
        List<ShardRecord.Found> found = decode(lines.get(0) + "\n" + String.join("\n", tail) + "\n");
        assertEquals(1, found.size());
        assertEquals("it is cut short: 9 of " + total + " lines (was the log cut? `kubectl logs` with -l shows only "
                + "the last 10 lines unless given --tail=-1)", found.get(0).problem());
        assertTrue(found.get(0).files().isEmpty());
    }

    @Test
    void anAlteredRecordIsRefused() throws Exception {
        String record = ShardRecord.encode("0/1", "gen-0", files(5));
        String[] lines = record.split("\n");
        char[] chars = lines[3].toCharArray();
        chars[chars.length - 5] = chars[chars.length - 5] == 'A' ? 'B' : 'A';
        lines[3] = new String(chars);
        assertEquals("its content does not match its checksum (the log was altered)",
                decode(String.join("\n", lines)).get(0).problem());
    }
}
