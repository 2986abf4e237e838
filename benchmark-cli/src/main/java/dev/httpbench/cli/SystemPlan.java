package dev.httpbench.cli;

import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.system.SystemCheck;
import java.net.URI;
import java.nio.file.Path;

/**
 * The system check for the load a matrix really plans: its largest concurrency and the most workers any
 * run uses (a worker count above a run's concurrency is lowered to it), counting connections to the
 * target's port when it is known. Immutable.
 *
 * @param root where {@code /proc} and {@code /sys} are read, {@code /} outside tests
 */
record SystemPlan(Path root) {

    SystemCheck check(Matrix planned, URI base) {
        int concurrency = planned.points().stream().mapToInt(MatrixPoint::concurrency).max().orElse(1);
        int workers = planned.points().stream().mapToInt(MatrixPoint::workers).max().orElse(1);
        SystemCheck check = SystemCheck.forLoad(concurrency, workers).root(root);
        if (base != null) {
            check = check.targetPort(base.getPort() > 0 ? base.getPort()
                    : "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80);
        }
        return check;
    }
}
