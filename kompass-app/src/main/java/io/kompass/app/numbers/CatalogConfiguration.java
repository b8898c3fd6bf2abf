package io.kompass.app.numbers;

import io.kompass.engine.catalog.Catalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The KPI catalog of the web application: built-in, plus the folder of {@code kompass.catalog} when set (--catalog). */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

  @Bean
  Catalog catalog(@Value("${kompass.catalog:}") String folder) {
    return Catalog.load(folder == null || folder.isBlank() ? null : Path.of(folder));
  }
}
