package org.rulex.suite.diversity;

import java.util.List;
import org.rulex.UserError;
import org.rulex.json.FieldError;
import org.rulex.suite.BuiltInSpec;

/**
 * The diversity suite's spec: seeds, C1 (in-context regression) and C2 (in-context Markov chains).
 * Keys left out take the defaults below; the built-in spec (suites/diversity.json) spells all out.
 */
public record DiversitySpec(String suite, List<Long> seeds, RegressionSpec regression, MarkovSpec markov) {

  /** The built-in spec, suites/diversity.json: the values of every key a spec leaves out. */
  public static final DiversitySpec DEFAULTS = BuiltInSpec.read("diversity", DiversitySpec.class);

  public DiversitySpec {
    if (seeds.isEmpty()) throw new FieldError("seeds", "diversity: seeds is empty");
    if (seeds.stream().distinct().count() != seeds.size()) throw new FieldError("seeds", "diversity: seeds repeat: " + seeds);
    for (long s : seeds) if (s < 0) throw new FieldError("seeds", "diversity: seeds must be at least 0, not " + s);
    if (markov.architectures().isEmpty()) throw new UserError("diversity: markov.architectures is empty");
    seeds = List.copyOf(seeds);
  }
}
