package dev.httpbench.junit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JupiterVersionsTest {

    @Test
    void oneRecentVersionOfApiAndEngineIsAccepted() {
        assertEquals(Optional.empty(), JupiterVersions.problem("5.14.4", "5.14.4"));
        assertEquals(Optional.empty(), JupiterVersions.problem("5.13.0", "5.13.0"));
        assertEquals(Optional.empty(), JupiterVersions.problem("6.0.0", "6.0.0"));
    }

    @Test
    void anOldJupiterIsNamedWithTheVersionToImport() {
        assertEquals(Optional.of("httpbench's @LoadTest needs JUnit Jupiter 5.13 or newer, with junit-jupiter-api and "
                + "junit-jupiter-engine of one version, but this test runs on junit-jupiter-api 5.10.2 and "
                + "junit-jupiter-engine 5.10.2: import org.junit:junit-bom " + JupiterVersions.BUILT_WITH
                + " (the version benchmark-junit is built with) in <dependencyManagement>, or declare "
                + "org.junit.jupiter:junit-jupiter " + JupiterVersions.BUILT_WITH + ", so that every JUnit artifact "
                + "has that version"), JupiterVersions.problem("5.10.2", "5.10.2"));
    }

    @Test
    void anApiAndEngineOfDifferentVersionsAreNamedBoth() {
        String problem = JupiterVersions.problem("5.14.4", "5.13.4").orElseThrow();
        assertTrue(problem.contains("junit-jupiter-api 5.14.4 and junit-jupiter-engine 5.13.4"), problem);
    }

    @Test
    void versionsThatCannotBeReadAreNotJudged() {
        assertEquals(Optional.empty(), JupiterVersions.problem(null, "5.10.2"));
        assertEquals(Optional.empty(), JupiterVersions.problem("5.10.2", null));
    }

    @Test
    void theVersionBuiltWithIsTheBuildsJunitVersion() {
        assertTrue(JupiterVersions.BUILT_WITH.matches("\\d+\\.\\d+\\.\\d+.*"), JupiterVersions.BUILT_WITH);
        // the JUnit running this test is the one the build manages, so the check passes here
        JupiterVersions.check();
    }
}
