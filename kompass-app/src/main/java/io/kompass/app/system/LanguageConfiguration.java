package io.kompass.app.system;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * English and Swedish. The language comes from {@code ?lang=sv|en} (remembered in a cookie), else
 * from the browser's Accept-Language, else English.
 */
@Configuration(proxyBeanMethods = false)
class LanguageConfiguration implements WebMvcConfigurer {

  static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("sv"));
  static final String COOKIE = "kompass-lang";

  @Bean
  LocaleResolver localeResolver() {
    CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE);
    resolver.setCookieMaxAge(Duration.ofDays(365));
    resolver.setDefaultLocaleFunction(LanguageConfiguration::preferred);
    return resolver;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor change = new LocaleChangeInterceptor() {
      @Override
      protected Locale parseLocaleValue(String value) {
        Locale asked = super.parseLocaleValue(value);
        Locale supported = asked == null ? null : supported(asked);
        if (supported == null) {
          throw new IllegalArgumentException("unsupported language " + value);
        }
        return supported;
      }
    };
    change.setParamName("lang");
    change.setIgnoreInvalidLocale(true);
    registry.addInterceptor(change);
  }

  /** The first supported language the browser asks for, else English. */
  static Locale preferred(HttpServletRequest request) {
    if (request.getHeader("Accept-Language") != null) {
      for (Locale asked : Collections.list(request.getLocales())) {
        Locale supported = supported(asked);
        if (supported != null) {
          return supported;
        }
      }
    }
    return Locale.ENGLISH;
  }

  private static Locale supported(Locale asked) {
    return SUPPORTED.stream().filter(l -> l.getLanguage().equals(asked.getLanguage())).findFirst().orElse(null);
  }
}
