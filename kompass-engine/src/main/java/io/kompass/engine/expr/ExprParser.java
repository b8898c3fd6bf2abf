package io.kompass.engine.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses expressions. Grammar, loosest binding first: {@code or}, {@code and}, {@code not},
 * comparison / {@code in} / {@code is [not] null}, {@code + -}, {@code * /}, unary minus, primary.
 * Keywords are case-insensitive; strings use single quotes ('' for a quote).
 */
public final class ExprParser {

  private final String text;
  private int pos;

  private ExprParser(String text) {
    this.text = text;
  }

  public static Expr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ExprException("empty expression", 0);
    }
    ExprParser p = new ExprParser(text);
    Expr e = p.or();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw new ExprException("unexpected '" + text.substring(p.pos) + "'", p.pos);
    }
    return e;
  }

  private Expr or() {
    Expr left = and();
    while (keyword("or")) {
      left = new Expr.Binary("or", left, and());
    }
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (keyword("and")) {
      left = new Expr.Binary("and", left, not());
    }
    return left;
  }

  private Expr not() {
    if (keyword("not")) {
      return new Expr.Unary("not", not());
    }
    return comparison();
  }

  private Expr comparison() {
    Expr left = additive();
    skipSpace();
    for (String op : List.of("<=", ">=", "!=", "<>", "=", "<", ">")) {
      if (text.startsWith(op, pos)) {
        pos += op.length();
        return new Expr.Binary(op.equals("<>") ? "!=" : op, left, additive());
      }
    }
    int save = pos;
    boolean negated = keyword("not");
    if (keyword("in")) {
      return new Expr.In(left, inList(), negated);
    }
    pos = save;
    if (keyword("is")) {
      boolean neg = keyword("not");
      if (!keyword("null")) {
        throw new ExprException("expected null after is", pos);
      }
      return new Expr.IsNull(left, neg);
    }
    return left;
  }

  private List<Expr> inList() {
    skipSpace();
    if (peek() == '$') {
      return List.of(primary());
    }
    expect('(');
    List<Expr> values = new ArrayList<>();
    do {
      values.add(additive());
    } while (accept(','));
    expect(')');
    return values;
  }

  private Expr additive() {
    Expr left = multiplicative();
    while (true) {
      skipSpace();
      char c = peek();
      if (c == '+' || c == '-') {
        pos++;
        left = new Expr.Binary(String.valueOf(c), left, multiplicative());
      } else {
        return left;
      }
    }
  }

  private Expr multiplicative() {
    Expr left = unary();
    while (true) {
      skipSpace();
      char c = peek();
      if (c == '*' || c == '/') {
        pos++;
        left = new Expr.Binary(String.valueOf(c), left, unary());
      } else {
        return left;
      }
    }
  }

  private Expr unary() {
    skipSpace();
    if (peek() == '-') {
      pos++;
      return new Expr.Unary("-", unary());
    }
    return primary();
  }

  private Expr primary() {
    skipSpace();
    int start = pos;
    char c = peek();
    if (c == '(') {
      pos++;
      Expr e = or();
      expect(')');
      return e;
    }
    if (c == '\'') {
      return new Expr.Literal(string());
    }
    if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
      while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        pos++;
      }
      try {
        return new Expr.Literal(new BigDecimal(text.substring(start, pos)));
      } catch (NumberFormatException e) {
        throw new ExprException("bad number '" + text.substring(start, pos) + "'", start);
      }
    }
    if (c == '$') {
      pos++;
      String name = identifier();
      return new Expr.Param(name);
    }
    if (Character.isLetter(c) || c == '_') {
      String name = identifier();
      String lower = name.toLowerCase(Locale.ROOT);
      switch (lower) {
        case "true" -> {
          return new Expr.Literal(Boolean.TRUE);
        }
        case "false" -> {
          return new Expr.Literal(Boolean.FALSE);
        }
        case "null" -> {
          return new Expr.Literal(null);
        }
        default -> {}
      }
      skipSpace();
      if (peek() == '(') {
        pos++;
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (peek() != ')') {
          do {
            args.add(or());
          } while (accept(','));
        }
        expect(')');
        if (!Functions.ARITY.containsKey(lower)) {
          throw new ExprException("unknown function " + name + "(); known: " + String.join(", ", Functions.ARITY.keySet().stream().sorted().toList()), start);
        }
        if (!Functions.accepts(lower, args.size())) {
          throw new ExprException(name + "() does not take " + args.size() + " argument(s)", start);
        }
        return new Expr.Call(lower, args);
      }
      List<String> path = new ArrayList<>();
      path.add(name);
      while (peek() == '.') {
        pos++;
        path.add(identifier());
      }
      return new Expr.Ref(path);
    }
    throw new ExprException(pos >= text.length() ? "unexpected end of expression" : "unexpected '" + c + "'", pos);
  }

  private String string() {
    expect('\'');
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new ExprException("unterminated string", pos);
      }
      char c = text.charAt(pos++);
      if (c == '\'') {
        if (peek() == '\'') {
          sb.append('\'');
          pos++;
        } else {
          return sb.toString();
        }
      } else {
        sb.append(c);
      }
    }
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw new ExprException("expected a name", pos);
    }
    return text.substring(start, pos);
  }

  private boolean keyword(String word) {
    skipSpace();
    int end = pos + word.length();
    if (end <= text.length()
        && text.substring(pos, end).equalsIgnoreCase(word)
        && (end == text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'))) {
      pos = end;
      return true;
    }
    return false;
  }

  private boolean accept(char c) {
    skipSpace();
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw new ExprException("expected '" + c + "'", pos);
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
