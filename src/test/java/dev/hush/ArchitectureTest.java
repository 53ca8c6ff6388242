package dev.hush;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md "Modules", checked on the compiled classes. */
class ArchitectureTest {
  /** The feature packages: each owns its tables, store, service logic and routes. */
  private static final String[] FEATURES = {
    "dev.hush.alerts..", "dev.hush.incidents..", "dev.hush.services..", "dev.hush.oncall..", "dev.hush.escalation..",
    "dev.hush.notify..", "dev.hush.review..", "dev.hush.actions..", "dev.hush.insights..", "dev.hush.anomalies..",
    "dev.hush.traces..", "dev.hush.people..",
  };

  private static JavaClasses hush;

  @BeforeAll
  static void importClasses() {
    hush = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.hush");
  }

  @Test
  void featuresNeverImportWebOrCli() {
    noClasses().that().resideInAnyPackage(FEATURES)
        .should().dependOnClassesThat().resideInAnyPackage("dev.hush.web..", "dev.hush.cli..")
        .because("dependencies point one way: web and cli -> features")
        .check(hush);
  }

  @Test
  void noTwoFeaturesImportEachOther() {
    slices().matching("dev.hush.(*)..")
        .should().beFreeOfCycles()
        .because("two features that need each other extract what they share, or send an event through jobs")
        .check(hush);
  }

  @Test
  void storeAndJobsImportNoFeature() {
    noClasses().that().resideInAnyPackage("dev.hush.store..", "dev.hush.jobs..")
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
        .because("features -> jobs and store, never back")
        .check(hush);
  }

  @Test
  void storeAndJobsImportNeitherWebNorCli() {
    noClasses().that().resideInAnyPackage("dev.hush.store..", "dev.hush.jobs..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.hush.web..", "dev.hush.cli..")
        .check(hush);
  }

  @Test
  void coreKnowsNoFeatureAndNoLayerAboveIt() {
    noClasses().that().resideInAPackage("dev.hush.core..")
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
        .orShould().dependOnClassesThat().resideInAnyPackage("dev.hush.web..", "dev.hush.cli..", "dev.hush.store..", "dev.hush.jobs..")
        .because("core holds small shared values every feature may use")
        .check(hush);
  }

  @Test
  void webImportsNoCli() {
    noClasses().that().resideInAPackage("dev.hush.web..")
        .should().dependOnClassesThat().resideInAPackage("dev.hush.cli..")
        .check(hush);
  }

  @Test
  void aFeatureNeverReachesAnotherFeaturesStore() {
    for (String feature : FEATURES) {
      noClasses().that().resideOutsideOfPackages(feature, "dev.hush.cli..", "dev.hush")
          .should().dependOnClassesThat(DescribedPredicate.describe("a store class of " + feature,
              c -> c.getPackageName().startsWith(feature.replace("..", "")) && c.getSimpleName().endsWith("Store")))
          .because("a feature reaches another feature only through its public service class, never through its tables")
          .check(hush);
    }
  }
}
