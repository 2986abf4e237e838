package dev.httpbench.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import com.tngtech.archunit.lang.syntax.elements.GivenMethodsConjunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may import whom, as the README's "Modules" table says. Each rule fails the build with a
 * sentence naming the rule and every class that breaks it. Sees the main classes of every module on
 * this module's test class path (all of them: the runner depends on everything, benchmark-junit is a
 * test dependency for this check).
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.httpbench");
        // with a reactor build the modules' classes are folders; from an installed repository they are
        // jars, and the rules below would check nothing
        if (classes.stream().noneMatch(c -> c.getPackageName().equals("dev.httpbench.jetty.internal"))) {
            classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.httpbench");
        }
        // the shared test servers are test code that happens to live in a main source folder
        classes = classes.that(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("dev.httpbench.testsupport..")));
    }

    @Test
    void modulesDependOnlyOnTheModulesBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("dev.httpbench", "dev.httpbench.spi..", "dev.httpbench.internal..")
                .layer("system").definedBy("dev.httpbench.system..")
                .layer("engine").definedBy("dev.httpbench.jetty..")
                .layer("report").definedBy("dev.httpbench.report..", "dev.httpbench.matrix..", "dev.httpbench.analysis..")
                .layer("junit").definedBy("dev.httpbench.junit..")
                .layer("cli").definedBy("dev.httpbench.cli..")
                .whereLayer("api").mayOnlyAccessLayers("api")
                .whereLayer("system").mayOnlyAccessLayers("api", "system")
                .whereLayer("engine").mayOnlyAccessLayers("api", "system", "engine")
                .whereLayer("report").mayOnlyAccessLayers("api", "report")
                .whereLayer("junit").mayOnlyAccessLayers("api", "report", "junit")
                .because("the README's module table is the architecture: a small API jar, an engine behind a "
                        + "service interface, reports without the engine, the runner on top")
                .check(classes);
    }

    @Test
    void theApiJarNeedsHdrHistogramAndNothingElse() {
        noClasses().that().resideInAnyPackage("dev.httpbench", "dev.httpbench.spi..", "dev.httpbench.internal..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "javax..", "org.HdrHistogram..",
                        "dev.httpbench", "dev.httpbench.spi..", "dev.httpbench.internal..")
                .because("benchmark-api is what every user adds: HdrHistogram is its only dependency")
                .check(classes);
    }

    @Test
    void internalPackagesAreUsedOnlyInsideTheirModule() {
        ArchRule api = noClasses().that().resideOutsideOfPackages("dev.httpbench", "dev.httpbench.spi..",
                        "dev.httpbench.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.httpbench.internal..")
                .because("dev.httpbench.internal is benchmark-api's own; other modules use dev.httpbench.spi");
        ArchRule system = noClasses().that().resideOutsideOfPackage("dev.httpbench.system..")
                .should().dependOnClassesThat().resideInAPackage("dev.httpbench.system.internal..")
                .because("dev.httpbench.system.internal is benchmark-system's own");
        ArchRule engine = noClasses().that().resideOutsideOfPackage("dev.httpbench.jetty..")
                .should().dependOnClassesThat().resideInAPackage("dev.httpbench.jetty.internal..")
                .because("the engine is found through ServiceLoader, never imported");
        api.check(classes);
        system.check(classes);
        engine.check(classes);
    }

    @Test
    void eachLibraryStaysInTheModuleThatOwnsIt() {
        noClasses().that().resideOutsideOfPackages("dev.httpbench.jetty..", "dev.httpbench.cli.demo..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .because("Jetty is the engine's (and the demo target's) business").check(classes);
        noClasses().that().resideOutsideOfPackage("dev.httpbench.system..")
                .should().dependOnClassesThat().resideInAPackage("oshi..")
                .because("OSHI is benchmark-system's business").check(classes);
        noClasses().that().resideOutsideOfPackages("dev.httpbench.report", "dev.httpbench.report.merge")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .because("Jackson stays inside the report writers and the merge that reads their files back")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.httpbench.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .because("picocli is the runner's business").check(classes);
    }

    @Test
    void noPublicSignatureShowsAJacksonType() {
        GivenMethodsConjunction publicMethods = methods().that().arePublic()
                .and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideInAPackage("dev.httpbench..");
        publicMethods.should().haveRawReturnType(DescribedPredicate.not(jackson()))
                .because("users of benchmark-report must not need Jackson on their compile class path")
                .check(classes);
        publicMethods.should(ArchConditions.not(ArchConditions.haveRawParameterTypes(
                        DescribedPredicate.anyElementThat(jackson()))))
                .because("users of benchmark-report must not need Jackson on their compile class path")
                .check(classes);
    }

    @Test
    void theBomPinsEveryModuleAtTheProjectsVersion() throws IOException {
        String parent = Files.readString(Path.of("..", "pom.xml"));
        Matcher project = Pattern.compile("<artifactId>httpbench-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(parent);
        assertTrue(project.find(), "the root pom's version");
        String bom = Files.readString(Path.of("..", "benchmark-bom", "pom.xml"));
        Matcher own = Pattern.compile("<artifactId>benchmark-bom</artifactId>\\s*<version>([^<]+)</version>").matcher(bom);
        assertTrue(own.find(), "the BOM's version");
        assertEquals(project.group(1), own.group(1), "benchmark-bom/pom.xml must carry the project's version");
        String managed = bom.substring(bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
        Matcher versions = Pattern.compile("<version>([^<]+)</version>").matcher(managed);
        int count = 0;
        while (versions.find()) {
            assertEquals(project.group(1), versions.group(1), "every module in benchmark-bom at the project's version");
            count++;
        }
        assertEquals(6, count, "benchmark-bom manages api, system, jetty, report, junit and cli");
    }

    private static DescribedPredicate<JavaClass> jackson() {
        return JavaClass.Predicates.resideInAPackage("com.fasterxml.jackson..");
    }
}
