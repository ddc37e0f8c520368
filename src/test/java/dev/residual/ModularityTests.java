package dev.residual;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each top-level package is a module whose {@code internal} sub-packages are private to it;
 * this fails on a dependency cycle or a reach into another module's internals.
 */
class ModularityTests {

  /** Production code only, whatever the build directory is called. */
  static final ImportOption MAIN_CLASSES = location -> !location.contains("/test-classes/");

  @Test
  void modulesRespectTheirBoundaries() {
    ApplicationModules.of(ResidualApplication.class, MAIN_CLASSES).verify();
  }
}
