package org.rulex.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rulex.dataset.Dataset;
import org.rulex.dataset.DatasetWriter;
import org.rulex.grammar.Language;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes a dataset: splits, prompt sets, vocabulary and manifest. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a dataset to --out: train.jsonl, val.jsonl, test.jsonl (one member a line:",
      "{\"text\", \"ids\" (no SOS/EOS), \"length\"}), prompts.json, vocabulary.json and manifest.json",
      "(seed, sizes, length histograms, SHA-256 of every file, and how the splits are kept apart).",
      "Lengths follow the language's distribution; words are uniform among members of a length.",
      "Splits hold distinct words when the language has enough members; otherwise the lengths are",
      "partitioned between splits and the manifest and stderr say so. Same seed, same bytes."
    })
final class GenerateCommand implements Callable<Integer> {
  @Mixin LanguageArgument language;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--seed", required = true, description = "Random seed.")
  long seed;

  @Option(names = "--train", defaultValue = "2000", description = "Training words (default ${DEFAULT-VALUE}).")
  int train;

  @Option(names = "--val", defaultValue = "200", description = "Validation words (default ${DEFAULT-VALUE}).")
  int val;

  @Option(names = "--test", defaultValue = "200", description = "Test words (default ${DEFAULT-VALUE}).")
  int test;

  @Option(names = "--min-length", description = "Shortest word (default: language.json).")
  Integer minWordLength;

  @Option(names = "--max-length", description = "Longest word (default: language.json).")
  Integer maxWordLength;

  @Option(names = "--force", description = "Overwrite a directory that holds another dataset or other files.")
  boolean force;

  @Override
  public Integer call() {
    Language lang = language.load();
    var r = DatasetWriter.write(lang, new DatasetWriter.Options(train, val, test, minWordLength, maxWordLength, seed), out, force);
    for (String w : r.warnings()) System.err.println("rulex: warning: " + w);
    var m = r.manifest();
    System.out.println("wrote " + out + ": " + lang.name() + ", seed " + seed + ", lengths [" + m.lengthRange().min() + ", " + m.lengthRange().max() + "]");
    for (String s : Dataset.SPLITS)
      System.out.printf("  %-5s %6d words (%d distinct)%n", s, m.sizesProduced().get(s), m.disjointness().distinctWords().get(s));
    System.out.println("  splits: " + m.disjointness().mode() + " (" + m.disjointness().note() + ")");
    return 0;
  }
}
