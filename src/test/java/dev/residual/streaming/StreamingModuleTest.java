package dev.residual.streaming;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Streaming hears the training module's {@code JobEventsAppended} after commit and knows nothing
 * else of it but its {@code JobId}: training never calls streaming (Spring Modulith's verification
 * would see the cycle), and streaming reaches no other module.
 */
class StreamingModuleTest {

  @Test
  void usesNoOtherApplicationModuleThanTheSystemModuleAndTrainingsEvents()
      throws URISyntaxException {
    JavaClasses streaming = importMainClassesOfThisPackage();

    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.residual..")
                .and(not(resideInAnyPackage("dev.residual.streaming..", "dev.residual.system")))
                .and(
                    not(
                        name("dev.residual.training.JobEventsAppended")
                            .or(name("dev.residual.training.JobId")))))
        .check(streaming);
  }

  /**
   * Only this package's folder, and without resolving what it references from the class path: the
   * rule needs just the package names of those types, and resolving them would open every jar,
   * PyTorch's native one among them.
   */
  private static JavaClasses importMainClassesOfThisPackage() throws URISyntaxException {
    Path root =
        Path.of(JobEventStreams.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path folder = root.resolve(JobEventStreams.class.getPackageName().replace('.', '/'));
    ArchConfiguration configuration = ArchConfiguration.get();
    boolean resolve = configuration.resolveMissingDependenciesFromClassPath();
    configuration.setResolveMissingDependenciesFromClassPath(false);
    try {
      return new ClassFileImporter().importPath(folder);
    } finally {
      configuration.setResolveMissingDependenciesFromClassPath(resolve);
    }
  }
}
