package dev.residual.security;

import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The service's one Spring Security filter chain: the firewall (normalised paths, allowed host
 * names), the Origin check, bearer tokens with roles as authorities, the per-path {@link
 * AccessPolicy}, RFC 9457 problems for every refusal, and the response headers browsers read (CSP,
 * {@code X-Content-Type-Options}, frame options). With no tokens {@link ExposureGuard} has made
 * sure that the service listens on loopback only (or that the operator said otherwise), and every
 * caller that passes the host and origin checks is the local administrator.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  static final String SCHEME = "bearerToken";

  /** Who every caller is when the service has no tokens. */
  private static final Authentication LOCAL_ADMIN =
      UsernamePasswordAuthenticationToken.authenticated(
          "local", null, List.of(Role.ADMIN.authority()));

  @Bean
  static ExposureGuard exposureGuard() {
    return new ExposureGuard();
  }

  /**
   * No observation per security filter and authorization decision. Spring Security would otherwise
   * wrap each of its filters in an observation of its own: a tenth of a prediction's request-thread
   * CPU time, for spans nobody reads. Requests stay observed as a whole ({@code
   * http.server.requests}), and refusals are counted there by status.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  TokenRegistry apiTokens(SecurityProperties properties) {
    TokenRegistry tokens = TokenRegistry.of(properties);
    if (!tokens.isEmpty()) {
      log.info(
          "Every request but probes, metrics scrape, API docs and static files needs one of {}"
              + " bearer token(s)",
          tokens.size());
    }
    return tokens;
  }

  @Bean
  BearerTokens bearerTokens(TokenRegistry tokens) {
    return new BearerTokens(tokens);
  }

  @Bean
  HostCheck hostCheck(SecurityProperties properties, TokenRegistry tokens) {
    return new HostCheck(properties, !tokens.isEmpty());
  }

  /** Spring Security's strict firewall, also refusing host names the service does not answer to. */
  @Bean
  HttpFirewall httpFirewall(HostCheck hosts) {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHostnames(hosts);
    return firewall;
  }

  @Bean
  ProblemResponses securityProblems(
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors, HostCheck hosts) {
    return new ProblemResponses(errors, hosts);
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      TokenRegistry tokens,
      BearerTokens bearer,
      SecurityProperties properties,
      ProblemResponses problems) {
    AuthorizationManager<HttpServletRequest> policy =
        tokens.isEmpty() ? AccessPolicy.openToAll() : AccessPolicy.forTokens();
    http
        // No cookies, no sessions: browsers never attach a bearer token by themselves, and
        // OriginCheck covers the token-less loopback service that CSRF tokens would protect.
        .csrf(csrf -> csrf.disable())
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .headers(
            headers ->
                headers
                    .addHeaderWriter(new BrowserHeaders())
                    .frameOptions(frames -> frames.deny())
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
        .exceptionHandling(
            errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .addFilterBefore(
            new OriginCheck(properties.allowedOrigins(), problems), BasicAuthenticationFilter.class)
        .authorizeHttpRequests(
            requests ->
                requests
                    // Already authorized when they were first dispatched.
                    .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
                    .permitAll()
                    .anyRequest()
                    .access((caller, context) -> policy.authorize(caller, context.getRequest())));
    if (tokens.isEmpty()) {
      http.addFilterAt(new LocalCaller(LOCAL_ADMIN), BasicAuthenticationFilter.class);
    } else {
      AuthenticationFilter authentication =
          new AuthenticationFilter(new ProviderManager(bearer), bearer);
      authentication.setSuccessHandler((request, response, caller) -> {});
      authentication.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
      http.addFilterAt(authentication, BasicAuthenticationFilter.class);
    }
    return http.build();
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
