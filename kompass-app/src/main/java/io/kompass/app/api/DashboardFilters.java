package io.kompass.app.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that reads the dashboard filters from the request as the pages do (from, to,
 * grain, team, region, product, channel): its OpenAPI description lists them ({@link OpenApiConfiguration}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface DashboardFilters {}
