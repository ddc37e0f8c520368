package dev.residual.training.internal;

import dev.residual.datasets.DatasetUsage;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the datasets module that a queued or running training job still needs a dataset. */
@Component
class JobDatasetUsage implements DatasetUsage {

  private final JdbcClient jdbc;

  JobDatasetUsage(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<String> findUse(String datasetName) {
    return jdbc.sql(
            "select id, status from training_job where dataset = :dataset"
                + " and status in ('QUEUED', 'RUNNING') order by created_at limit 1")
        .param("dataset", datasetName)
        .query(
            (rs, row) -> "training job " + rs.getString("id") + " (" + rs.getString("status") + ")")
        .optional();
  }
}
