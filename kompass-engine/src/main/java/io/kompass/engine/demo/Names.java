package io.kompass.engine.demo;

import static io.kompass.engine.demo.SqlText.strings;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Names of people and companies, per region, for reps (in Java) and for leads and accounts (as SQL
 * expressions over a row key). Companies are "stem + industry word + legal form", such as
 * "Granit Logistics AB".
 */
final class Names {

  private Names() {}

  static final List<List<String>> FIRST =
      List.of(
          List.of("Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Emma", "Mikael", "Elin",
              "Fredrik", "Linnea", "Oskar", "Ida", "Henrik", "Maja", "Gustav", "Klara", "Niklas"),
          List.of("Lukas", "Anna", "Jonas", "Lena", "Felix", "Laura", "Maximilian", "Sophie", "Paul", "Julia",
              "Tobias", "Katharina", "Florian", "Hannah", "Stefan", "Sabine", "Michael", "Claudia", "Andreas", "Nina"),
          List.of("Sean", "Aoife", "Conor", "Niamh", "Ciara", "Patrick", "Emma", "James", "Sarah", "Declan", "Orla",
              "Liam", "Siobhan", "Michael", "Grace", "Daniel", "Roisin", "Eoin", "Claire", "Mark"),
          List.of("Daan", "Emma", "Sem", "Julia", "Lucas", "Sophie", "Levi", "Lotte", "Thomas", "Eva", "Bram",
              "Anouk", "Ruben", "Fleur", "Jesse", "Sanne", "Lars", "Noor", "Pieter", "Lieke"));

  static final List<List<String>> LAST =
      List.of(
          List.of("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
              "Svensson", "Gustafsson", "Lindqvist", "Berg", "Lindberg", "Holm", "Sandberg", "Ek", "Nyström",
              "Lundgren", "Wallin", "Hedlund"),
          List.of("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
              "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hofer",
              "Gruber"),
          List.of("Murphy", "Kelly", "O'Brien", "Walsh", "Byrne", "Ryan", "O'Connor", "Doyle", "McCarthy",
              "Gallagher", "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thompson", "Quinn", "Nolan",
              "Kennedy"),
          List.of("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
              "de Boer", "Mulder", "Peeters", "Janssens", "Maes", "Jacobs", "Willems", "Claes", "Goossens",
              "Wouters", "Dekker"));

  static final List<List<String>> COMPANY_STEMS =
      List.of(
          List.of("Granit", "Björk", "Solvik", "Norrsken", "Älvdal", "Fyrtorn", "Ljungby", "Kustlinje", "Havsörn",
              "Berga", "Fjällvind", "Skogsberg", "Sjöstad", "Mälarö", "Vinterhav", "Lindhaga", "Strandvik", "Ekholm",
              "Rönnskär", "Tallbacka"),
          List.of("Alpen", "Nordlicht", "Eichwald", "Rheintal", "Bergfeld", "Donau", "Sonnenhof", "Falkenstein",
              "Lindenau", "Seeblick", "Hochland", "Grünwald", "Isartal", "Kronberg", "Elbufer", "Tannenberg",
              "Weitblick", "Adler", "Steinbach", "Morgenrot"),
          List.of("Shannon", "Liffey", "Emerald", "Harbour", "Kestrel", "Atlantic", "Oakfield", "Riverside",
              "Clover", "Beacon", "Highland", "Slate", "Thornbury", "Ashgrove", "Seaview", "Bramble", "Granite",
              "Millbrook", "Foxhall", "Westgate"),
          List.of("Polder", "Tulp", "Dijkstra", "Zeewind", "Amstel", "Schelde", "Lindeboom", "Molenaar", "Duinrand",
              "Waterland", "Kempen", "Brabant", "Zilvermeer", "Hofstad", "Noorderlicht", "Eikenhof", "Veluwe",
              "Havenstad", "Ardennen", "Zonnedauw"));

  /** A word per industry of {@link DemoProfile#INDUSTRIES}, used in company names. */
  static final List<String> INDUSTRY_WORDS =
      List.of("Industries", "Retail", "Logistics", "Health", "Finance", "Software", "Energy", "Construction",
          "Learning", "Consulting");

  // Names are built in three steps so that every draw is computed once per row: draws (uniforms
  // as columns), numbers (indexes into flat lists of all regions' names), then text.

  /** Select-list draws for a company named after {@code key}: {@code u_stem, u_industry, u_country}. */
  static String companyDraws(String key) {
    return HashRandom.u(key, Draw.COMPANY_STEM) + " AS u_stem, " + HashRandom.u(key, Draw.INDUSTRY) + " AS u_industry, "
        + HashRandom.u(key, Draw.COUNTRY) + " AS u_country";
  }

  /** Select-list numbers from {@link #companyDraws}: {@code stem_no, industry_no, country_no}. */
  static String companyNumbers(String region) {
    StringBuilder country = new StringBuilder("CASE ").append(region);
    int offset = 0;
    for (int r = 0; r < DemoProfile.REGIONS.size(); r++) {
      List<DemoProfile.Country> countries = DemoProfile.REGIONS.get(r).countries();
      country.append(" WHEN ").append(r).append(" THEN ").append(offset).append(" + ")
          .append(SqlText.pick("u_country", countries.stream().map(DemoProfile.Country::share).toList()));
      offset += countries.size();
    }
    return flatIndex(COMPANY_STEMS, region, "u_stem") + " AS stem_no, "
        + SqlText.pick("u_industry", DemoProfile.INDUSTRY_SHARES) + " AS industry_no, "
        + country.append(" END") + " AS country_no";
  }

  // Text is built with concat() rather than chains of ||: one allocation per value instead of one
  // per operator, about three times faster on millions of rows.

  static String companyName() {
    return "concat(" + companyNameParts() + ")";
  }

  /** The arguments of a concat() that spells the company name, for callers that append to it. */
  static String companyNameParts() {
    return flat(COMPANY_STEMS) + "[stem_no + 1], ' ', " + strings(INDUSTRY_WORDS) + "[industry_no + 1], ' ', "
        + strings(allCountries(DemoProfile.Country::legalForm)) + "[country_no + 1]";
  }

  /** A domain such as {@code granit-logistics-42.example}; {@code n} keeps it unique. */
  static String domain(String n) {
    return "concat(" + domainParts(n) + ")";
  }

  private static String domainParts(String n) {
    return flatSlugs(COMPANY_STEMS) + "[stem_no + 1], '-', " + strings(slugs(INDUSTRY_WORDS)) + "[industry_no + 1], '-', "
        + n + ", '.example'";
  }

  static String countryName() {
    return strings(allCountries(DemoProfile.Country::name)) + "[country_no + 1]";
  }

  static String industryName() {
    return strings(DemoProfile.INDUSTRIES) + "[industry_no + 1]";
  }

  /** Select-list draws for a person named after {@code key}: {@code u_first, u_last}. */
  static String personDraws(String key) {
    return HashRandom.u(key, Draw.FIRST_NAME) + " AS u_first, " + HashRandom.u(key, Draw.LAST_NAME) + " AS u_last";
  }

  /** Select-list numbers from {@link #personDraws}: {@code first_no, last_no}. */
  static String personNumbers(String region) {
    return flatIndex(FIRST, region, "u_first") + " AS first_no, " + flatIndex(LAST, region, "u_last") + " AS last_no";
  }

  static String personName() {
    return "concat(" + flat(FIRST) + "[first_no + 1], ' ', " + flat(LAST) + "[last_no + 1])";
  }

  /** The person's address at the {@link #domain} of the company named in the same row. */
  static String email(String n) {
    return "concat(" + flatSlugs(FIRST) + "[first_no + 1], '.', " + flatSlugs(LAST) + "[last_no + 1], '@', "
        + domainParts(n) + ")";
  }

  private static List<String> allCountries(Function<DemoProfile.Country, String> f) {
    return DemoProfile.REGIONS.stream().flatMap(r -> r.countries().stream()).map(f).toList();
  }

  private static String flat(List<List<String>> lists) {
    return strings(lists.stream().flatMap(List::stream).toList());
  }

  private static String flatSlugs(List<List<String>> lists) {
    return strings(lists.stream().flatMap(List::stream).map(Names::slug).toList());
  }

  /** Index into the flat list of all regions' {@code lists} for the region's own part, drawn with {@code u}. */
  private static String flatIndex(List<List<String>> lists, String region, String u) {
    StringBuilder offsets = new StringBuilder("[");
    StringBuilder sizes = new StringBuilder("[");
    int offset = 0;
    for (int r = 0; r < lists.size(); r++) {
      offsets.append(r == 0 ? "" : ", ").append(offset);
      sizes.append(r == 0 ? "" : ", ").append(lists.get(r).size());
      offset += lists.get(r).size();
    }
    offsets.append("]");
    sizes.append("]");
    return offsets + "[" + region + " + 1] + CAST(floor(" + u + " * " + sizes + "[" + region + " + 1]) AS INTEGER)";
  }

  /** Lower case ASCII for e-mail addresses and domains: "Müller" becomes "muller", "O'Brien" "obrien". */
  static String slug(String name) {
    String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static List<String> slugs(List<String> names) {
    return names.stream().map(Names::slug).collect(Collectors.toList());
  }
}
