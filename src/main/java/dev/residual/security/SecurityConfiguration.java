package dev.residual.security;

import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Wires the token check. With no tokens the filter is not registered at all: {@link ExposureGuard}
 * has then made sure that the service listens on loopback only (or that the operator said
 * otherwise).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  /** Early, like Spring Security's chain: before anything reads the body or does work. */
  static final int FILTER_ORDER = -100;

  static final String SCHEME = "bearerToken";

  @Bean
  static ExposureGuard exposureGuard() {
    return new ExposureGuard();
  }

  @Bean
  TokenRegistry apiTokens(SecurityProperties properties) {
    TokenRegistry tokens = TokenRegistry.of(properties);
    if (!tokens.isEmpty()) {
      log.info(
          "Every request but probes, metrics scrape and API docs needs one of {} bearer"
              + " token(s)",
          tokens.size());
    }
    return tokens;
  }

  @Bean
  FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(
      TokenRegistry tokens,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
    FilterRegistrationBean<BearerTokenFilter> registration =
        new FilterRegistrationBean<>(new BearerTokenFilter(tokens, errors));
    registration.setOrder(FILTER_ORDER);
    registration.setEnabled(!tokens.isEmpty());
    return registration;
  }

  /**
   * The contract documents the token whether or not this instance has any configured, so that
   * {@code openapi.yaml} does not depend on the configuration it was generated with.
   */
  @Bean
  OpenApiCustomizer bearerTokenScheme() {
    return openApi -> {
      openApi
          .getComponents()
          .addSecuritySchemes(
              SCHEME,
              new SecurityScheme()
                  .type(SecurityScheme.Type.HTTP)
                  .scheme("bearer")
                  .description(
                      "Needed when the service has tokens configured (residual.security.tokens)."
                          + " Roles: admin (everything), trainer (datasets, training jobs,"
                          + " checkpoints, models), predictor (predictions and reads). 401 without"
                          + " a valid token, 403 for a role that may not make the call."));
      openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
    };
  }
}
