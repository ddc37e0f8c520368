/**
 * The service's Spring Security configuration: bearer tokens with roles, the per-path access
 * policy, the firewall with its host-name check, the Origin check for state-changing requests, the
 * browser-facing response headers, and the start-up check that refuses to expose an unprotected
 * service.
 *
 * <p>When {@code residual.security.tokens} are configured, every request except the probes, the
 * Prometheus scrape, the API documentation and the dashboard's static files needs {@code
 * Authorization: Bearer <token>} with a role that may make it. With no tokens the service must
 * listen on loopback only, unless {@code residual.security.allow-unauthenticated=true} says that
 * exposing it is intended.
 */
package dev.residual.security;
