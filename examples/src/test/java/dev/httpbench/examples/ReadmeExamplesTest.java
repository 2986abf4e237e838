package dev.httpbench.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README compiles as written, against the modules' real API: a
 * user who copies an example gets code that builds. A block's {@code import} lines go to the top of
 * its file; a block that declares a class (a line starting with {@code class}, {@code public class}
 * or an annotation) is compiled as it is, any other block becomes the body of a method. Nothing else
 * is added, so every name a block uses must be imported or defined in the block.
 */
class ReadmeExamplesTest {

    /** One {@code ```java} block: its first line in the README and its text. */
    record Block(int line, String text) {
    }

    @Test
    void everyJavaBlockInTheReadmeCompilesAsWritten(@TempDir Path dir) throws IOException {
        List<Block> blocks = javaBlocks(Files.readAllLines(readme(), StandardCharsets.UTF_8));
        assertTrue(blocks.size() >= 5, "the README's java examples: " + blocks.size());
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Path file = dir.resolve("readme" + i).resolve("ReadmeLine" + blocks.get(i).line() + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source(blocks.get(i), "readme" + i, "ReadmeLine" + blocks.get(i).line()));
            sources.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(new StringWriter(), files, diagnostics,
                    List.of("-proc:none", "-d", dir.resolve("classes").toString(),
                            "-classpath", System.getProperty("java.class.path")),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                StringBuilder why = new StringBuilder("README examples that do not compile:\n");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        why.append("  README block at line ").append(d.getSource().getName().replaceAll(".*ReadmeLine(\\d+).*", "$1"))
                                .append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
                    }
                }
                fail(why.toString());
            }
        }
    }

    static List<Block> javaBlocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("```java")) {
                int start = i + 1;
                StringBuilder text = new StringBuilder();
                for (i = start; i < lines.size() && !lines.get(i).trim().startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(start + 1, text.toString()));
            }
        }
        return blocks;
    }

    /** The block as a compilation unit in {@code pkg}, named {@code name}. */
    static String source(Block block, String pkg, String name) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        boolean declaresClass = false;
        for (String line : block.text().split("\n", -1)) {
            if (line.startsWith("import ")) {
                imports.append(line).append('\n');
            } else {
                body.append(line).append('\n');
                declaresClass |= line.startsWith("class ") || line.startsWith("public class ")
                        || line.startsWith("final class ") || line.startsWith("@");
            }
        }
        String head = "package " + pkg + ";\n" + imports;
        if (declaresClass) {
            // the block's own class keeps its name; a holder class gives the file its name
            return head + body + "\nclass " + name + " {\n}\n";
        }
        return head + "class " + name + " {\n    static void example() throws Exception {\n" + body + "    }\n}\n";
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
