package dev.residual.security;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Wires the token check. With no tokens the filter is not registered at all: {@link
 * ExposureGuard} has then made sure that the service listens on loopback only (or that the
 * operator said otherwise).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /** Early, like Spring Security's chain: before anything reads the body or does work. */
  static final int FILTER_ORDER = -100;

  @Bean
  static ExposureGuard exposureGuard() {
    return new ExposureGuard();
  }

  @Bean
  TokenRegistry apiTokens(SecurityProperties properties) {
    return TokenRegistry.of(properties);
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
}
