package dev.residual;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each top-level package is a module whose {@code internal} sub-packages are private to it;
 * this fails on a dependency cycle or a reach into another module's internals.
 */
class ModularityTests {

  @Test
  void modulesRespectTheirBoundaries() {
    ApplicationModules.of(ResidualApplication.class).verify();
  }
}
