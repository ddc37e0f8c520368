package dev.residual.streaming;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Streaming owns no domain: it knows no other module but {@code system}. Training, experiments and
 * datasets depend on it through {@link EventFeed} and {@link StreamAppended}, never the reverse.
 */
class StreamingModuleTest {

  @Test
  void usesNoOtherApplicationModuleThanTheSystemModule() throws URISyntaxException {
    JavaClasses streaming = importMainClassesOfThisPackage();

    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.residual..")
                .and(not(resideInAnyPackage("dev.residual.streaming..", "dev.residual.system"))))
        .check(streaming);
  }

  /**
   * Only this package's folder, and without resolving what it references from the class path: the
   * rule needs just the package names of those types, and resolving them would open every jar,
   * PyTorch's native one among them.
   */
  private static JavaClasses importMainClassesOfThisPackage() throws URISyntaxException {
    Path root =
        Path.of(EventStreams.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path folder = root.resolve(EventStreams.class.getPackageName().replace('.', '/'));
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
