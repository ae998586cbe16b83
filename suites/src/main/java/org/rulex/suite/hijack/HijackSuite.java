package org.rulex.suite.hijack;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rulex.UserError;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.grammar.Vocabulary;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.suite.SuiteContext;
import org.rulex.suite.SuiteReport;
import org.rulex.suite.UnitSuite;

/**
 * Suite B-HIJACK (seed paper 001, Wang and Sato 2024, on Bietti et al.'s 2023 task): do models
 * learn a global bigram in their weights and an induction head that lets the context override it?
 * One unit per (model, seed), keyed MODEL__sSEED.
 */
public final class HijackSuite extends UnitSuite<HijackSuite.Unit> {
  public static final String SCHEMA = "rulex.suite.hijack/3";

  private final HijackSpec spec;
  private final Map<String, ModelConfig> models;
  private final GlobalBigram bigram;

  /** One model trained with one seed. */
  record Unit(String model, long seed) {}

  public HijackSuite(HijackSpec spec) {
    super("hijack", SCHEMA);
    this.spec = spec;
    this.bigram = makeBigram(spec.bigram());
    Map<String, ModelConfig> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonObject> e : spec.models().entrySet()) m.put(e.getKey(), ModelZoo.fromJson(e.getValue()));
    this.models = m;
    for (String model : models.keySet()) for (long seed : spec.seeds()) units.add(key(model, seed), new Unit(model, seed));
    int v = bigram.size();
    if (spec.triggers() >= v) throw new UserError("triggers must be fewer than the " + v + " tokens, not " + spec.triggers());
  }

  /** Reads a spec strictly; models are read from the located tree so that their errors name line:column. */
  /** The longest sequence, training or probe, a hijack spec may ask for (in tokens, SOS included). */
  public static final int MAX_LENGTH = 4096;

  public static HijackSuite fromSpec(JsonNode.Obj tree) {
    // A section given as null would be a spec without it: leave the key out for the defaults.
    for (String section : List.of("bigram", "training", "probes", "models"))
      if (tree.members().get(section) != null && tree.members().get(section).value() instanceof JsonNode.Null n)
        throw new JsonError(n.at(), "\"" + section + "\" is null: give the section, or leave the key out for the defaults");
    HijackSpec spec = StrictJson.bind(tree, HijackSpec.class, HijackSpec.DEFAULTS);
    JsonNode.Member probes = tree.members().get("probes");
    JsonNode.Member lengths = probes != null && probes.value() instanceof JsonNode.Obj p ? p.members().get("lengths") : null;
    List<Integer> probeLengths = spec.probes().lengths();
    for (int i = 0; i < probeLengths.size(); i++)
      if (probeLengths.get(i) > MAX_LENGTH)
        throw new JsonError(lengths == null ? tree.at() : ((JsonNode.Arr) lengths.value()).elements().get(i).at(),
            "probes.lengths: " + probeLengths.get(i) + " tokens is more than the " + MAX_LENGTH + " a hijack probe may have");
    if (spec.length() > MAX_LENGTH)
      throw new JsonError(tree.members().get("length").value().at(), "length " + spec.length() + " is more than the " + MAX_LENGTH + " tokens a training sequence may have");
    int longest = Math.max(spec.length(), probeLengths.stream().mapToInt(Integer::intValue).max().orElse(0));
    JsonNode.Member models = tree.members().get("models");
    if (models != null && models.value() instanceof JsonNode.Obj o)
      for (JsonNode.Member m : o.members().values()) {
        ModelConfig config = ModelZoo.fromJson(m.value());
        if (config.maxPositions() < longest) {
          JsonNode.Member at = m.value() instanceof JsonNode.Obj mo ? mo.members().get("maxPositions") : null;
          throw new JsonError(at == null ? m.value().at() : at.value().at(), "model \"" + m.key() + "\" reads at most " + config.maxPositions()
              + " tokens, but the suite feeds it " + longest + " (length " + spec.length() + ", probes.lengths " + probeLengths + "): raise its maxPositions or shorten them");
        }
      }
    if ("language".equals(spec.bigram().source()) && tree.members().containsKey("vocabulary"))
      throw new JsonError(tree.members().get("vocabulary").value().at(),
          "vocabulary follows from the language (its alphabet and a boundary): leave it out with bigram.source \"language\"");
    return new HijackSuite(spec);
  }

  public HijackSpec spec() {
    return spec;
  }

  static String key(String model, long seed) {
    return model + "__s" + seed;
  }

  /** The global bigram of this spec. */
  public GlobalBigram bigram() {
    return bigram;
  }

  /** Drawn, or counted from a language's words. */
  private GlobalBigram makeBigram(HijackSpec.Bigram b) {
    if ("dirichlet".equals(b.source())) return GlobalBigram.dirichlet(spec.vocabulary(), b.alpha(), b.seed());
    Language language = Languages.standard().get(b.language());
    var sampler = new org.rulex.sample.LanguageSampler(language);
    SplittableRandom random = new SplittableRandom(b.seed());
    List<int[]> words = new ArrayList<>();
    for (int i = 0; i < b.words(); i++) words.add(sampler.sample(random));
    return GlobalBigram.fromWords(words, language.vocabulary().alphabetSize(), Vocabulary.FIRST_SYMBOL);
  }

  @Override
  protected Class<? extends Record> resultType(Unit unit) {
    return HijackResult.class;
  }

  @Override
  protected JsonObject run(Unit u, SuiteContext context) {
    return new HijackUnit(spec, bigram, u.model(), models.get(u.model()), u.seed(), context.log()).run();
  }

  @Override
  public SuiteReport report(Map<String, JsonObject> results) {
    return new HijackReport(spec, bigram, results).build();
  }
}
