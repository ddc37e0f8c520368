package dev.residual.training;

import dev.residual.support.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same API cases as {@link TrainingJobApiTest}, on PostgreSQL instead of the embedded H2. */
class TrainingJobApiPostgresTest extends TrainingJobApiTest {

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    TestPostgres.Database db = TestPostgres.fresh();
    registry.add("spring.datasource.url", db::url);
    registry.add("spring.datasource.username", db::username);
    registry.add("spring.datasource.password", db::password);
  }
}
