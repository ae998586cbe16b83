import java.nio.file.Path;
import java.util.List;
import org.rulex.grammar.Conjunction;
import org.rulex.grammar.GrammarRule;
import org.rulex.grammar.Language;
import org.rulex.grammar.Rule;
import org.rulex.grammar.StateLimitException;

/**
 * The states the exact product of a language's rules builds to count every length up to N, for the
 * language, for each rule of two or more parts and for each parser rule alone: the figures in docs/grammars.md. Run against any
 * rulex jar: java -Xss16m -cp cli/target/rulex.jar scripts/ProductStates.java DIR 24,64 400000
 */
public class ProductStates {
  public static void main(String[] a) {
    Language lang = Language.load(Path.of(a[0]));
    int limit = Integer.parseInt(a[2]);
    for (String ns : a[1].split(",")) {
      int n = Integer.parseInt(ns);
      Conjunction c = new Conjunction(lang.language().parts(), lang.vocabulary(), limit);
      long t0 = System.nanoTime();
      String out;
      try {
        c.count(n);
        out = String.valueOf(c.size());
      } catch (StateLimitException e) {
        out = "> " + limit;
      }
      System.out.printf("%s language n=%d states=%s %.1fs%n", lang.name(), n, out, (System.nanoTime() - t0) / 1e9);
      for (Rule r : lang.rules()) {
        if (r.parts().size() < 2) continue;
        Conjunction rule = new Conjunction(r.parts(), lang.vocabulary(), limit);
        try {
          rule.count(n);
          out = String.valueOf(rule.size());
        } catch (StateLimitException e) {
          out = "> " + limit;
        }
        System.out.printf("%s   rule %s n=%d states=%s%n", lang.name(), r.id(), n, out);
      }
      for (GrammarRule g : lang.language().parts()) {
        Conjunction one = new Conjunction(List.of(g), lang.vocabulary(), limit);
        try {
          one.count(n);
          out = String.valueOf(one.size());
        } catch (StateLimitException e) {
          out = "> " + limit;
        }
        System.out.printf("%s   part %s n=%d states=%s%n", lang.name(), g.name(), n, out);
      }
    }
  }
}
