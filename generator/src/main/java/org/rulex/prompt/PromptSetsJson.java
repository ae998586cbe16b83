package org.rulex.prompt;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/** The stable JSON form of {@link PromptSets} (schema {@value PromptSets#SCHEMA}); keys in a fixed order. */
public final class PromptSetsJson {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  private PromptSetsJson() {}

  public static JsonObject toJson(PromptSets p) {
    JsonObject o = new JsonObject();
    o.addProperty("schema", PromptSets.SCHEMA);
    o.addProperty("language", p.language());
    o.addProperty("grammarHash", p.grammarHash());
    o.addProperty("length", p.length());
    o.addProperty("maxLength", p.maxWordLength()); // the key users' files know
    o.addProperty("candidates", p.enumerated() ? "all" : "sampled without replacement");
    o.addProperty("candidateCount", p.candidates());
    o.addProperty("seed", p.seed());
    JsonObject counts = new JsonObject();
    counts.addProperty("id", p.id().size());
    for (var s : p.ood()) counts.addProperty(s.name(), s.prompts().size());
    counts.addProperty("breaksNoRuleNotCompletable", p.breaksNoRuleNotCompletable().size());
    counts.addProperty("breaksSeveralRules", p.breaksSeveralRules());
    counts.addProperty("breaksOneRuleOutsideSets", p.breaksOneRuleOutsideSets());
    o.add("counts", counts);
    JsonArray engines = new JsonArray();
    for (var e : p.engines()) {
      JsonObject eo = new JsonObject();
      eo.addProperty("rule", e.rule());
      eo.addProperty("method", e.method());
      eo.addProperty("exact", e.exact());
      eo.addProperty("undecided", e.undecided());
      engines.add(eo);
    }
    o.add("engines", engines);
    o.add("id", described("jointly completable: a prefix of a member of the language (witness: the shortest such member)", p.id()));
    JsonArray ood = new JsonArray();
    for (var s : p.ood()) {
      JsonObject so = new JsonObject();
      so.addProperty("name", s.name());
      so.addProperty("breaks", s.breaks());
      JsonArray checks = new JsonArray();
      s.checks().forEach(checks::add);
      so.add("checks", checks);
      so.add("prompts", prompts(s.prompts()));
      ood.add(so);
    }
    o.add("ood", ood);
    o.add("breaksNoRuleNotCompletable",
        described("viable for every rule, yet no member of the language starts with it: neither ID nor OOD", p.breaksNoRuleNotCompletable()));
    return o;
  }

  /** A set of prompts with what puts a prompt in it. */
  private static JsonObject described(String description, List<Prompt> ps) {
    JsonObject o = new JsonObject();
    o.addProperty("description", description);
    o.add("prompts", prompts(ps));
    return o;
  }

  private static JsonArray prompts(List<Prompt> ps) {
    JsonArray a = new JsonArray();
    for (Prompt p : ps) {
      JsonObject o = new JsonObject();
      o.addProperty("text", p.text());
      JsonArray ids = new JsonArray();
      for (int i : p.ids()) ids.add(i);
      o.add("ids", ids);
      if (p.witness() != null) o.addProperty("witness", p.witness());
      a.add(o);
    }
    return a;
  }

  public static String write(PromptSets p) {
    return GSON.toJson(toJson(p)) + "\n";
  }
}
