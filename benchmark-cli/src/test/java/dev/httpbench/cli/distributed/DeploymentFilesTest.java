package dev.httpbench.cli.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What can be checked of the deployment files without a container runtime (CI has none): the image runs the
 * jar the build makes, on the Java the build targets, as the user the Kubernetes Job expects; the compose
 * file raises the limits the README promises. CI also runs {@code docker-compose config} on the compose file.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String read(String file) throws Exception {
        return Files.readString(ROOT.resolve(file));
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return m.group(1);
    }

    @Test
    void theImageRunsTheJarTheBuildMakesOnTheJavaItTargets() throws Exception {
        String dockerfile = read("Dockerfile");
        String shadedJar = group(read("benchmark-cli/pom.xml"), "<outputFile>\\$\\{project.build.directory}/(\\S+)</outputFile>");
        String copied = group(dockerfile, "^COPY --from=build /src/(\\S+) (\\S+)$");
        String installedAs = group(dockerfile, "^COPY --from=build \\S+ (\\S+)$");
        String release = group(read("pom.xml"), "<maven.compiler.release>(\\d+)</maven.compiler.release>");

        assertEquals("benchmark-cli/target/" + shadedJar, copied);
        assertTrue(group(dockerfile, "^RUN .*(mvn .*)$").contains("-pl benchmark-cli -am package"), dockerfile);
        assertTrue(group(dockerfile, "^ENTRYPOINT (.*)$").endsWith("\"-jar\", \"" + installedAs + "\"]"), dockerfile);
        assertTrue(group(dockerfile, "^FROM (\\S+) AS build$").endsWith("-temurin-" + release), "build on Java " + release);
        assertTrue(group(dockerfile, "^FROM (eclipse-temurin:\\S+)$").equals("eclipse-temurin:" + release + "-jre"));
        assertEquals(Integer.toString(K8sCommand.RUN_AS_USER), group(dockerfile, "^USER (\\d+)$"));
        assertEquals("/results", group(dockerfile, "^ENV OUTPUT_DIR=(\\S+)$"));
        assertTrue(read("httpbench").contains("jar=\"$here/" + copied + "\""), "./httpbench runs the same jar");
        assertTrue(read(".dockerignore").contains("**/target"), "the build stage builds from sources only");
    }

    @Test
    void theComposeFileRaisesTheGeneratorsLimitsAndKeepsTheResults() throws Exception {
        JsonNode service = new YAMLMapper().readTree(read("deploy/compose.yaml")).at("/services/httpbench");

        assertEquals(Map.of("net.core.somaxconn", "65535", "net.ipv4.ip_local_port_range", "1024 65535",
                "net.ipv4.tcp_tw_reuse", "1", "net.ipv4.tcp_fin_timeout", "15"),
                Map.of("net.core.somaxconn", service.at("/sysctls/net.core.somaxconn").asString(),
                        "net.ipv4.ip_local_port_range", service.at("/sysctls/net.ipv4.ip_local_port_range").asString(),
                        "net.ipv4.tcp_tw_reuse", service.at("/sysctls/net.ipv4.tcp_tw_reuse").asString(),
                        "net.ipv4.tcp_fin_timeout", service.at("/sysctls/net.ipv4.tcp_fin_timeout").asString()));
        assertEquals(4, service.get("sysctls").size());
        assertEquals(1_048_576, service.at("/ulimits/nofile/soft").asInt());
        assertEquals(1_048_576, service.at("/ulimits/nofile/hard").asInt());
        assertEquals("..", service.at("/build/context").asString());
        assertEquals("Dockerfile", service.at("/build/dockerfile").asString());
        assertEquals(List.of("./results:/results"), List.of(service.at("/volumes/0").asString()));
        assertEquals("/results", service.at("/environment/OUTPUT_DIR").asString());
        assertTrue(Files.isRegularFile(ROOT.resolve("deploy").resolve(service.at("/build/context").asString())
                .resolve("Dockerfile")));
    }
}
