package dev.httpbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.cli.analysis.CompareCommand;
import dev.httpbench.cli.distributed.K8sCommand;
import dev.httpbench.cli.distributed.MergeCommand;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every httpbench command in the README's shell blocks (the runner's, its subcommands', and the runner's
 * options after a compose {@code run}) is one the runner accepts as written: its options parse and pass
 * every check made before anything starts. Shell variables such as {@code "$start"} are given a value.
 */
class ReadmeCommandsTest {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    /** One command: the words after {@code httpbench}, and the variables set before it on its line. */
    record Command(List<String> args, Map<String, String> env) {
    }

    /** The commands, backslash continuations joined, comments and pipes cut off. */
    static List<Command> commands(String readme) {
        List<Command> found = new ArrayList<>();
        boolean sh = false;
        StringBuilder line = new StringBuilder();
        for (String l : readme.split("\n", -1)) {
            if (l.startsWith("```")) {
                sh = l.equals("```sh");
                continue;
            }
            if (!sh) {
                continue;
            }
            if (l.endsWith("\\")) {
                line.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            String full = line.append(l).toString();
            line.setLength(0);
            List<String> words = words(full);
            int at = words.indexOf("httpbench");
            if (words.isEmpty() || at < 0 && !words.get(0).equals("./httpbench")) {
                continue;
            }
            if (at < 0 || words.get(0).equals("httpbench")) {
                at = 0;
            }
            Map<String, String> env = new java.util.HashMap<>();
            for (String v : words.subList(0, at)) {
                if (v.matches("[A-Z_][A-Z0-9_]*=.*")) {
                    env.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
                }
            }
            found.add(new Command(List.copyOf(words.subList(at + 1, words.size())), Map.copyOf(env)));
        }
        return found;
    }

    /** The shell's words: quotes removed, a comment or a pipe ends the command, variables given values. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                w = w == null ? new StringBuilder() : w;
            } else if (Character.isWhitespace(c)) {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
            } else if ((c == '#' || c == '|') && w == null) {
                break;
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        String start = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        return words.stream().map(s -> s.replace("$start", start)).toList();
    }

    @Test
    void everyHttpbenchCommandInTheReadmeIsAcceptedAsWritten() throws Exception {
        List<Command> commands = commands(Files.readString(Path.of("..", "README.md")));
        List<String> kinds = new ArrayList<>();
        for (Command found : commands) {
            List<String> command = found.args();
            String[] args = command.toArray(String[]::new);
            String first = command.isEmpty() ? "" : command.get(0);
            String[] rest = command.isEmpty() ? args : command.subList(1, command.size()).toArray(String[]::new);
            switch (first) {
                case "merge" -> new CommandLine(new MergeCommand(NOWHERE, NOWHERE, Map.of())).parseArgs(rest);
                case "k8s" -> assertEquals(Runner.EXIT_OK, new CommandLine(new K8sCommand(NOWHERE, NOWHERE,
                        Clock.systemUTC())).execute(rest), String.join(" ", command));
                case "compare" -> new CommandLine(new CompareCommand(NOWHERE, NOWHERE)).parseArgs(rest);
                default -> {
                    HttpbenchCommand c = new HttpbenchCommand();
                    EnvironmentDefaults env = new EnvironmentDefaults(found.env());
                    try {
                        Settings.of(c, Runner.commandLine(c, env).parseArgs(args), env);
                    } catch (UsageException e) {
                        throw new AssertionError("README: httpbench " + String.join(" ", command) + ": "
                                + e.problems(), e);
                    }
                    first = command.contains("--find-max-rate") ? "--find-max-rate"
                            : command.stream().anyMatch(a -> a.startsWith("--shard")) ? "--shard" : "run";
                }
            }
            kinds.add(first);
        }
        for (String kind : List.of("run", "--find-max-rate", "--shard", "compare", "merge", "k8s")) {
            assertTrue(kinds.contains(kind), kind + " missing from the README's commands: " + commands);
        }
    }
}
