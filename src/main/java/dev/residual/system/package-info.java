/**
 * What every module shares: the one {@code @ControllerAdvice} turning exceptions into problem
 * details, the DJL engine's loading and health, OpenAPI wiring, the service's root properties, and
 * {@link dev.residual.system.DaemonThreads} for background pools. Depends on no other module.
 */
package dev.residual.system;
