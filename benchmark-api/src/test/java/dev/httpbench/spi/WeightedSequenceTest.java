package dev.httpbench.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedSequenceTest {
    private static final List<int[]> MIXES = List.of(new int[] {80, 15, 5}, new int[] {1, 1, 1}, new int[] {99, 1},
            new int[] {7, 3, 2, 1}, new int[] {9999, 1}, new int[] {3, 5, 7, 11, 13}, new int[] {50, 50},
            new int[] {1}, new int[] {60, 25, 10, 4, 1});

    @Test
    void anyThousandConsecutivePicksMatchTheWeightsWithinOnePer100() {
        for (int[] weights : MIXES) {
            WeightedSequence s = WeightedSequence.of(weights);
            int total = Arrays.stream(weights).sum();
            int[] counts = new int[weights.length];
            int window = 1000;
            for (int i = 0; i < window; i++) {
                counts[s.at(i)]++;
            }
            double worst = 0;
            for (int start = 0; start < 2 * s.period() + window; start++) {
                for (int k = 0; k < weights.length; k++) {
                    worst = Math.max(worst, Math.abs(counts[k] - (double) window * weights[k] / total));
                }
                counts[s.at(start)]--;
                counts[s.at(start + window)]++;
            }
            // the bound is 10 in 1000 (1 per 100); a smooth round-robin stays within about one pick
            assertTrue(worst <= 2, Arrays.toString(weights) + ": worst deviation " + worst);
        }
    }

    @Test
    void everyPeriodHoldsEachIndexExactlyItsReducedWeight() {
        WeightedSequence s = WeightedSequence.of(80, 15, 5);
        assertEquals(20, s.period()); // 100 / gcd 5
        int[] counts = new int[3];
        for (int i = 0; i < s.period(); i++) {
            counts[s.at(i)]++;
        }
        assertArrayEquals(new int[] {16, 3, 1}, counts);
    }

    @Test
    void workersStartEvenlySpacedOverThePeriodAndEachFollowsTheSequence() {
        WeightedSequence s = WeightedSequence.of(3, 1);
        WeightedSequence.Cursor w0 = s.cursor(0, 2);
        WeightedSequence.Cursor w1 = s.cursor(1, 2);
        for (int i = 0; i < 10; i++) {
            assertEquals(s.at(i), w0.next());
            assertEquals(s.at(i + 2), w1.next());
        }
    }

    @Test
    void weightsBelowOneOrNoneAreRejected() {
        assertEquals("weights must be >= 1 but were [1, 0]",
                assertThrows(IllegalArgumentException.class, () -> WeightedSequence.of(1, 0)).getMessage());
        assertEquals("weights must not be empty",
                assertThrows(IllegalArgumentException.class, WeightedSequence::of).getMessage());
    }
}
