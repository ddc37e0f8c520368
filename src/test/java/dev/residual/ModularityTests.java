package dev.residual;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Each top-level package is a module whose {@code internal} sub-packages are private to it; this
 * fails on a dependency cycle or a reach into another module's internals, and keeps the committed
 * module diagram current.
 */
class ModularityTests {

  /** Production code only, whatever the build directory is called. */
  static final ImportOption MAIN_CLASSES = location -> !location.contains("/test-classes/");

  /** Where the committed module diagrams live, linked from docs/architecture.md. */
  static final Path DIAGRAMS = Path.of("docs", "modules");

  static final ApplicationModules MODULES =
      ApplicationModules.of(ResidualApplication.class, MAIN_CLASSES);

  @Test
  void modulesRespectTheirBoundaries() {
    MODULES.verify();
  }

  /**
   * Spring Modulith's {@link Documenter} draws the modules and their dependencies; the committed
   * copy under docs/modules must be what it draws today. Refresh it with {@code
   * -Dresidual.modules.update=true}.
   */
  @Test
  void theCommittedModuleDiagramIsCurrent() throws IOException {
    Path generated = Path.of("target", "module-diagrams");
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml();
    if (Boolean.getBoolean("residual.modules.update")) {
      Files.createDirectories(DIAGRAMS);
      try (var files = Files.list(generated)) {
        for (Path file : files.toList()) {
          Files.copy(
              file, DIAGRAMS.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    String diagram = Files.readString(generated.resolve("components.puml"));
    for (ApplicationModule module : MODULES) {
      // The overview leaves out a module that neither uses nor is used by another (security, a
      // chain of web filters); each module has its own diagram.
      assertThat(generated.resolve("module-" + module.getIdentifier() + ".puml")).exists();
      assertThat(DIAGRAMS.resolve("module-" + module.getIdentifier() + ".puml")).exists();
    }
    assertThat(diagram).contains("Training", "Inference", "Streaming");
    // The Documenter lists relations in no fixed order: compare the lines, not their order.
    assertThat(sortedLines(Files.readString(DIAGRAMS.resolve("components.puml"))))
        .as("docs/modules/components.puml; refresh with -Dresidual.modules.update=true")
        .isEqualTo(sortedLines(diagram));
  }

  private static java.util.List<String> sortedLines(String text) {
    return text.lines().map(String::strip).sorted().toList();
  }
}
