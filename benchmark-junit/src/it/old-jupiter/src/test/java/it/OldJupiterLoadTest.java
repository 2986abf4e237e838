package it;

import dev.httpbench.junit.LoadTest;

/** Never loads anything: on JUnit 5.10 the extension must stop it before the load, saying why. */
class OldJupiterLoadTest {
    @LoadTest(target = "http://127.0.0.1:9/never", requests = 1)
    void oldJupiter() {
    }
}
