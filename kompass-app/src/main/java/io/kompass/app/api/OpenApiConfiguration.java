package io.kompass.app.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.DateSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
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

  /** The dashboard filters of the endpoints that read them from the request (see {@link DashboardFilters}). */
  @Bean
  OperationCustomizer dashboardFilters() {
    return (operation, handler) -> {
      if (handler.hasMethodAnnotation(DashboardFilters.class)) {
        query(operation, "from", new DateSchema(), "First day of the range (YYYY-MM-DD); periods are whole periods covering it. Default: the"
            + " 12 months (8 quarters, 3 years, 12 weeks) up to today.");
        query(operation, "to", new DateSchema(), "Last day of the range (YYYY-MM-DD). Default: today.");
        query(operation, "grain", new StringSchema()._enum(List.of("week", "month", "quarter", "year")), "Period length. Default: month.");
        for (String d : List.of("team", "region", "product", "channel")) {
          query(operation, d, new StringSchema(), "Only this " + d + " (one value)." + (d.equals("team")
              ? " My numbers compares a rep with their own team whatever is chosen." : ""));
        }
      }
      return operation;
    };
  }

  private static void query(Operation operation, String name, Schema<?> schema, String description) {
    operation.addParametersItem(new QueryParameter().name(name).schema(schema).description(description));
  }

  /** The shapes of the JSON answers, written out (the answers are maps). */
  @Bean
  org.springdoc.core.customizers.OpenApiCustomizer answerSchemas() {
    return new ApiSchemas();
  }

  /** Schemas name fields as the answers do (spring.jackson.property-naming-strategy: snake_case). */
  @Bean
  ModelResolver snakeCaseSchemas() {
    return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
  }
}
