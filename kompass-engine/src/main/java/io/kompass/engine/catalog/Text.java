package io.kompass.engine.catalog;

import java.util.Locale;

/** A text in English and Swedish. */
public record Text(String en, String sv) {
  public static final Text EMPTY = new Text("", "");

  public String in(Locale locale) {
    return locale != null && "sv".equals(locale.getLanguage()) && sv != null && !sv.isBlank() ? sv : en;
  }
}
