package dev.httpbench.junit.internal;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.junit.LoadTest;
import dev.httpbench.junit.LoadTestKeys;
import dev.httpbench.report.HdrLog;
import dev.httpbench.report.ResultJson;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The extension behind {@link LoadTest}. JUnit calls it on the thread that runs the test method; it
 * keeps no state of its own (one instance may serve many tests): the running benchmark and its
 * result live in the test method's {@link ExtensionContext.Store}, where the run, an
 * {@link AutoCloseable}, is stopped and released by JUnit when the test ends, also when it was
 * interrupted.
 *
 * <p>Order: {@link #evaluateExecutionCondition} skips the test in mode {@code off};
 * {@link #beforeTestExecution} resolves the plan, runs the load, writes the result files and publishes
 * report entries; the method body gets its parameters from {@link #resolveParameter};
 * {@link #afterTestExecution} judges the thresholds and fails the test in mode {@code enforce}.
 */
public final class LoadTestExtension
        implements ExecutionCondition, BeforeTestExecutionCallback, AfterTestExecutionCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            LoadTestExtension.class);
    private static final String RUN = "run";
    private static final String OUTCOME = "outcome";

    /** What beforeTestExecution hands to the parameters and to afterTestExecution. */
    private record Outcome(Plan plan, Settings settings, BenchmarkResult result) {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("not a test method");
        }
        Settings settings;
        try {
            settings = settings(context);
        } catch (ExtensionConfigurationException e) {
            // reported by beforeTestExecution as the test's own failure, not as a condition error
            return ConditionEvaluationResult.enabled("httpbench configuration is invalid");
        }
        return settings.mode == Settings.Mode.OFF
                ? ConditionEvaluationResult.disabled("load tests are off: " + LoadTestKeys.MODE + "=off")
                : ConditionEvaluationResult.enabled(LoadTestKeys.MODE + "=" + settings.mode.name().toLowerCase(
                        java.util.Locale.ROOT));
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        JupiterVersions.check();
        Method method = context.getRequiredTestMethod();
        LoadTest annotation = annotation(method);
        Settings settings = settings(context);
        Targets.Resolved target = Targets.resolve(annotation.target(), context::getConfigurationParameter,
                System::getenv, context.getRequiredTestClass(), context.getTestInstance(), settings.target);
        Plan plan = Plan.of(annotation, settings, target, context.getRequiredTestClass().getClassLoader());

        ExtensionContext.Store store = context.getStore(NAMESPACE);
        BenchmarkRun run = Benchmark.start(plan.config);
        // in the store at once, so that JUnit stops the run if the wait below is interrupted
        store.put(RUN, run);
        BenchmarkResult result = run.await();
        store.put(OUTCOME, new Outcome(plan, settings, result));

        Path folder = settings.reportsDir.resolve(context.getRequiredTestClass().getName()).resolve(method.getName());
        Path json = folder.resolve("result.json");
        Path hlog = folder.resolve("latency.hlog");
        ResultJson.write(result, json);
        HdrLog.write(result, hlog);
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("httpbench.summary", Format.figures(result).strip().replace("\n", ";").replaceAll("\\s+", " "));
        entries.put("httpbench.result", json.toAbsolutePath().toString());
        entries.put("httpbench.latencyLog", hlog.toAbsolutePath().toString());
        if (plan.baselineToWrite.isPresent()) {
            ResultJson.write(result, plan.baselineToWrite.get());
            entries.put("httpbench.baseline", "written to " + plan.baselineToWrite.get().toAbsolutePath());
        }
        context.publishReportEntry(entries);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Outcome outcome = context.getStore(NAMESPACE).get(OUTCOME, Outcome.class);
        if (outcome == null) {
            return; // the run itself failed; that failure is the test's
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Threshold t : outcome.plan().thresholds) {
            verdicts.add(t.judge(outcome.result()));
        }
        boolean failOnInconclusive = outcome.plan().failOnInconclusive;
        boolean failing = verdicts.stream().anyMatch(v -> v.fails(failOnInconclusive));
        String message = Format.gate(verdicts, failOnInconclusive, outcome.result());
        if (!failing) {
            context.publishReportEntry("httpbench.verdict", verdicts.isEmpty() ? "passed: no thresholds"
                    : "passed: " + verdicts.size() + " thresholds judged" + inconclusiveNote(verdicts));
        } else if (outcome.settings().mode == Settings.Mode.WARN) {
            context.publishReportEntry("httpbench.verdict", "warned (" + LoadTestKeys.MODE + "=warn)");
            context.publishReportEntry("httpbench.warning", message);
        } else {
            context.publishReportEntry("httpbench.verdict", "failed");
            throw new AssertionFailedError(message);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return (type == BenchmarkResult.class || type == BenchmarkConfig.Builder.class)
                && parameter.getDeclaringExecutable() instanceof Method m
                && AnnotationSupport.isAnnotated(m, LoadTest.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Outcome outcome = context.getStore(NAMESPACE).get(OUTCOME, Outcome.class);
        if (outcome == null) {
            throw new ParameterResolutionException("no httpbench result for " + parameter.getParameter()
                    + ": the load did not run");
        }
        return parameter.getParameter().getType() == BenchmarkResult.class ? outcome.result()
                : outcome.plan().config.toBuilder();
    }

    private static Settings settings(ExtensionContext context) {
        return Settings.read(context::getConfigurationParameter, Optional.ofNullable(
                context.getRequiredTestClass().getClassLoader()).orElse(ClassLoader.getSystemClassLoader()));
    }

    private static LoadTest annotation(Method method) {
        return AnnotationSupport.findAnnotation(method, LoadTest.class).orElseThrow(
                () -> new ExtensionConfigurationException("@LoadTest must be present on " + method));
    }

    private static String inconclusiveNote(List<Verdict> verdicts) {
        long n = verdicts.stream().filter(v -> v.status() == Verdict.Status.INCONCLUSIVE).count();
        return n == 0 ? "" : " (" + n + " inconclusive, not failing)";
    }
}
