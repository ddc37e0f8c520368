/**
 * Bearer tokens with roles for the REST API, and the start-up check that refuses to expose an
 * unprotected service.
 *
 * <p>When {@code residual.security.tokens} are configured, a servlet filter demands {@code
 * Authorization: Bearer <token>} on every request except the probes, the Prometheus scrape and the
 * API documentation, and checks the token's role against the request. With no tokens the service
 * must listen on loopback only, unless {@code residual.security.allow-unauthenticated=true} says
 * that exposing it is intended.
 */
package dev.residual.security;
