package io.kompass.app.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at /v3/api-docs (browsable at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI kompassApi() {
    return new OpenAPI()
        .info(new Info().title("Kompass API").version("v1")
            .description("Sales KPIs with their evidence. Sign in with an API token (Account page, or POST /api/v1/tokens) sent as"
                + " `Authorization: Bearer kp_...`; a token has its user's role. See docs/api.md."))
        .components(new Components().addSecuritySchemes("token",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("An API token, kp_...")))
        .addSecurityItem(new SecurityRequirement().addList("token"));
  }

  /** Schemas name fields as the answers do (spring.jackson.property-naming-strategy: snake_case). */
  @Bean
  ModelResolver snakeCaseSchemas() {
    return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
  }
}
