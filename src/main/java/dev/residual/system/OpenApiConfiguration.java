package dev.residual.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The contract's front matter. The server URL is fixed so that the generated document does not
 * depend on the port a test happened to bind, which keeps {@code openapi.yaml} reproducible.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI residualOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Residual API")
                .version("v1")
                .description(
                    "Trains and serves the ResNets of fastbook chapter 14 on DJL's PyTorch engine."
                        + " Errors are RFC 9457 problem details (application/problem+json).")
                .license(new License().name("Apache-2.0")))
        .servers(List.of(new Server().url("http://localhost:8080").description("Local default")));
  }
}
