package dev.residual.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a token may do. Roles do not nest by declaration but by {@link AccessPolicy}: an admin may
 * do everything, a trainer everything on datasets, jobs, checkpoints and models, a predictor may
 * read and ask for predictions.
 */
enum Role {
  ADMIN,
  TRAINER,
  PREDICTOR;

  /** The Spring Security authority name, {@code ROLE_ADMIN} and so on. */
  GrantedAuthority authority() {
    return new SimpleGrantedAuthority("ROLE_" + name());
  }
}
