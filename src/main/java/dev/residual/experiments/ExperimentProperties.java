package dev.residual.experiments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of experiments ({@code residual.experiments.*}).
 *
 * @param maxJobs the most jobs (variants × seeds) one experiment may expand into; more is a 400
 */
@ConfigurationProperties("residual.experiments")
public record ExperimentProperties(@DefaultValue("64") int maxJobs) {

  public ExperimentProperties {
    if (maxJobs < 1) {
      throw new IllegalArgumentException("residual.experiments.max-jobs must be at least 1");
    }
  }
}
