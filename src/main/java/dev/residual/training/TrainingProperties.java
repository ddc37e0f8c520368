package dev.residual.training;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the training queue ({@code residual.training.*}).
 *
 * @param workers jobs this instance runs at once
 * @param maxPending queued jobs accepted before new submissions get 429
 * @param leaseDuration how long a claimed job stays owned without a heartbeat; after that another
 *     instance may take it over
 * @param heartbeat how often a running job's lease is renewed (and a remote cancel noticed)
 * @param pollInterval how often an idle worker looks for queued jobs
 * @param maxAttempts how many times a job may be started before a further crash fails it
 * @param instanceId this instance's name in leases; a restarted instance with the same name takes
 *     its orphaned jobs back at once instead of waiting for their leases to expire
 * @param batchEventInterval the least time between two {@code batch} events of a job
 */
@ConfigurationProperties("residual.training")
public record TrainingProperties(
    @DefaultValue("1") int workers,
    @DefaultValue("100") int maxPending,
    @DefaultValue("90s") Duration leaseDuration,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("3") int maxAttempts,
    String instanceId,
    @DefaultValue("1s") Duration batchEventInterval) {}
