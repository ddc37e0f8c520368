package dev.residual.security;

/**
 * What a token may do. Roles do not nest by declaration but by {@link AccessPolicy}: an admin may
 * do everything, a trainer everything on datasets, jobs, checkpoints and models, a predictor may
 * read and ask for predictions.
 */
enum Role {
  ADMIN,
  TRAINER,
  PREDICTOR
}
