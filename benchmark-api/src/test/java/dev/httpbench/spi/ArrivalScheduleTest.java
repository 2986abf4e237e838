package dev.httpbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.httpbench.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
    private static final double MS = 1e6;

    @Test
    void constantRateSpacesRequestsEvenlyForever() {
        ArrivalSchedule s = ArrivalSchedule.of(100, List.of(), 0);
        assertEquals(0, s.dueNanos(0));
        assertEquals(10, s.dueNanos(1) / MS, 1e-6);
        assertEquals(990, s.dueNanos(99) / MS, 1e-6);
        assertEquals(1_000_000, s.dueNanos(100_000) / MS, 1e-3);
    }

    @Test
    void warmupRunsAtTheFirstRateBeforeTheStages() {
        ArrivalSchedule s = ArrivalSchedule.of(0, List.of(Stage.constant(20, Duration.ofSeconds(1))), 0.5);
        assertEquals(450, s.dueNanos(9) / MS, 1e-6);  // the warm-up plans 10 requests
        assertEquals(500, s.dueNanos(10) / MS, 1e-6); // the first measured one is due when the stages start
        assertEquals(30, s.plannedCount(1.5), 1e-9); // warm-up and stage
    }

    @Test
    void aRampFromZeroPlansItsAreaWithRequestsCloserAndCloser() {
        ArrivalSchedule s = ArrivalSchedule.of(0, List.of(Stage.ramp(0, 100, Duration.ofSeconds(1)),
                Stage.constant(100, Duration.ofSeconds(1))), 0);
        // count(t) = 50 t^2 during the ramp: request k is due at sqrt(k / 50) s
        assertEquals(0, s.dueNanos(0));
        assertEquals(Math.sqrt(2 / 50.0) * 1000, s.dueNanos(2) / MS, 1e-3);
        assertEquals(Math.sqrt(49 / 50.0) * 1000, s.dueNanos(49) / MS, 1e-3);
        assertEquals(1000, s.dueNanos(50) / MS, 1e-6); // the hold starts
        assertEquals(1990, s.dueNanos(149) / MS, 1e-6);
        assertEquals(Long.MAX_VALUE, s.dueNanos(150)); // the stages plan 150 requests
        assertEquals(150, s.plannedCount(2), 1e-9);
        assertEquals(12.5, s.plannedCount(0.5), 1e-9);
    }

    @Test
    void aRampDownAndAnIdleStageAreFollowed() {
        ArrivalSchedule s = ArrivalSchedule.of(0, List.of(Stage.constant(0, Duration.ofSeconds(1)),
                Stage.ramp(100, 0, Duration.ofSeconds(1))), 0);
        assertEquals(1000, s.dueNanos(0) / MS, 1e-6); // nothing is due during the idle second
        // 100 t - 50 t^2 = 49  =>  t = (100 - sqrt(200)) / 100
        assertEquals(1000 + (100 - Math.sqrt(200)) * 10, s.dueNanos(49) / MS, 1e-3);
        assertEquals(Long.MAX_VALUE, s.dueNanos(50));
    }
}
