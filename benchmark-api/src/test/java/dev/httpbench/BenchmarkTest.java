package dev.httpbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BenchmarkTest {

    @Test
    void runWithoutAnEngineNamesTheDependencyToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Benchmark.target("http://127.0.0.1:1/").requests(1).run());
        assertEquals("no httpbench engine found on the class path: add the dependency "
                + "dev.httpbench:benchmark-jetty (a dev.httpbench.spi.BenchmarkEngine service)", e.getMessage());
    }
}
