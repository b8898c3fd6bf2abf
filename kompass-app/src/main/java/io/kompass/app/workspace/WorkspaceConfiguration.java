package io.kompass.app.workspace;

import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one workspace the web application works on; closed when the application stops. */
@Configuration(proxyBeanMethods = false)
class WorkspaceConfiguration {

  @Bean(destroyMethod = "close")
  Workspace workspace(
      @Value("${kompass.workspace}") String file,
      @Value("${kompass.currency}") String currency,
      @Value("${kompass.time-zone}") String timeZone) {
    return Workspace.open(file, new Settings(currency, ZoneId.of(timeZone)));
  }
}
