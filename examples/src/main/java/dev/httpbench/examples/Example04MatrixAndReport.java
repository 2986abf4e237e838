package dev.httpbench.examples;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.analysis.ExpectationTable;
import dev.httpbench.cli.BuiltInExpectations;
import dev.httpbench.cli.demo.DemoTarget;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRunner;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Example 4: what the command-line runner does, from code. A matrix of concurrency levels and
 * repeats, an assessment (best configuration under a P99 SLO, saturation point, stability, errors,
 * expectations for the machine size) and the report folder with summary.json, results.csv,
 * HdrHistogram logs and report.html.
 */
public final class Example04MatrixAndReport {
    private Example04MatrixAndReport() {
    }

    public static void main(String[] args) {
        try (DemoTarget target = DemoTarget.start()) {
            BenchmarkConfig base = Benchmark.target(target.apiUrl())
                    .duration(Duration.ofSeconds(1))
                    .warmup(Duration.ofMillis(300))
                    .build();
            Matrix matrix = Matrix.builder(base)
                    .concurrencyLevels(16, 64, 256) // the demo target serves 32 at a time: expect a knee
                    .workerCounts(2)
                    .repeats(2)                     // repeats tell whether the figures are stable
                    .build();

            MatrixResult result = new MatrixRunner(matrix).run();

            Criteria criteria = Criteria.defaults()
                    .withSloP99(Duration.ofMillis(100))
                    .withExpectations(BuiltInExpectations.tables().get("8-core"));
            Assessment assessment = Assessment.of(result.runs(), criteria);
            assessment.lines().forEach(System.out::println);

            Path folder = ReportFolder.write(Path.of("results"), result, assessment, "8-core", Environment.current());
            System.out.println("open " + folder.resolve(ReportFolder.HTML));
        }
    }
}
