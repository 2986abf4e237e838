package dev.httpbench.examples.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's JUnit 5 and assessment examples compile as written: every {@code java} block of its
 * "JUnit 5 load tests" and "The assessment" sections is a whole source file, imports included,
 * compiled against this module's test class path (benchmark-junit, the report, the API and JUnit).
 */
class ReadmeExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)");

    @Test
    void everyJavaBlockOfTheJunitAndAssessmentSectionsCompilesAsWritten(@TempDir Path dir) throws Exception {
        String readme = readme();
        List<String> blocks = javaBlocks(section(readme, "## JUnit 5 load tests"));
        assertTrue(blocks.size() >= 3, "expected the fluent, @LoadTest and baseline examples but found " + blocks.size());
        blocks.addAll(javaBlocks(section(readme, "### The assessment")));

        List<File> sources = new ArrayList<>();
        for (String block : blocks) {
            assertTrue(block.contains("\nimport ") || block.startsWith("import "),
                    "an example without its import lines:\n" + block);
            Matcher name = CLASS_NAME.matcher(block);
            assertTrue(name.find(), "an example that is not a whole class:\n" + block);
            Path file = dir.resolve(name.group(1) + ".java");
            assertFalse(Files.exists(file), "two examples declare class " + name.group(1));
            Files.writeString(file, block, StandardCharsets.UTF_8);
            sources.add(file.toFile());
        }

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            Path classes = Files.createDirectories(dir.resolve("classes"));
            boolean ok = javac.getTask(null, files, diagnostics, List.of("-classpath", testClassPath(), "-d",
                    classes.toString(), "-proc:none"), null, files.getJavaFileObjectsFromFiles(sources)).call();
            String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n"));
            assertEquals("", errors);
            assertTrue(ok);
        }
    }

    private static String readme() throws Exception {
        for (Path p : List.of(Path.of("..", "README.md"), Path.of("README.md"))) {
            if (Files.isRegularFile(p)) {
                return Files.readString(p, StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("README.md not found from " + Path.of("").toAbsolutePath());
    }

    /** From {@code heading} to the next heading of the same or a higher level. */
    private static String section(String text, String heading) {
        int start = text.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "README has no heading " + heading);
        String level = heading.substring(0, heading.indexOf(' '));
        int end = text.length();
        for (String h = "#"; h.length() <= level.length(); h += "#") {
            int next = text.indexOf("\n" + h + " ", start + heading.length() + 1);
            if (next >= 0 && next < end) {
                end = next;
            }
        }
        return text.substring(start, end);
    }

    private static List<String> javaBlocks(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Surefire runs tests from a manifest-only jar; it passes the real class path in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
