package dev.lrplan.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of CONVENTIONS.md, enforced. */
class ArchitectureTest {
    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.lrplan");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.lrplan.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyTheCliPrintsToTheConsole() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lrplan.cli..")
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .orShould()
                .callMethod(Throwable.class, "printStackTrace")
                .check(MAIN);
    }

    @Test
    void librariesStopAtTheirBoundary() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lrplan.plan..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.yaml.snakeyaml..")
                .check(MAIN);
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.lrplan.catalog.dump..", "dev.lrplan.expr..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("net.sf.jsqlparser..")
                .check(MAIN);
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.lrplan.plan..",
                        "dev.lrplan.inspect..",
                        "dev.lrplan.finding..",
                        "dev.lrplan.sql..",
                        "dev.lrplan.diag..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.sql..")
                .check(MAIN);
    }

    @Test
    void noGenericExceptionsAreThrown() {
        noClasses()
                .that()
                .areNotAssignableTo(Throwable.class)
                .should()
                .callConstructor(RuntimeException.class, String.class)
                .orShould()
                .callConstructor(Exception.class, String.class)
                .check(MAIN);
    }
}
