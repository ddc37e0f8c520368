package dev.residual.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole service on a random port with its embedded defaults, but with a data directory of its
 * own (H2 file database, datasets, checkpoints) under the temp folder. Tests that use it unchanged
 * share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.batch-event-interval=200ms",
      "residual.training.poll-interval=200ms"
    })
public @interface ResidualIntegrationTest {}
