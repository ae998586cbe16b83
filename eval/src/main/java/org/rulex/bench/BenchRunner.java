package org.rulex.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rulex.AtomicFile;
import org.rulex.UserError;
import org.rulex.grammar.Languages;
import org.rulex.result.CellResult;
import org.rulex.result.Results;

/**
 * The bench as a {@link Sweep}: a preset's cells (language x model x seed) run by the
 * {@link SweepRunner}, each cell's result in cells/KEY.json beside the pinned preset.json.
 */
public final class BenchRunner implements Sweep {
  /** What to run and where. */
  public record Options(Preset preset, Path out, Shard shard, int parallel, List<String> childCommand) {
    public Options {
      if (parallel < 1) throw new UserError("--parallel " + parallel + ": run at least 1 cell at a time");
    }
  }

  /** The flag a cell process is started with: die when this sweep does (see {@link ParentWatch}). */
  public static final String WATCH_PARENT = SweepRunner.WATCH_PARENT;

  /** Suffix of a result file that could not be read, set aside so that its cell runs again. */
  static final String CORRUPT = SweepRunner.CORRUPT;

  /** The pinned preset's file name. */
  public static final String PRESET_FILE = "preset.json";

  private final Options options;
  private final PrintStream log;

  public BenchRunner(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** The bench of a pinned preset, for running one of its cells in a unit's process. */
  public static BenchRunner ofPinned(Path pinnedPreset, PrintStream log) {
    Preset p = Preset.load(pinnedPreset.toString());
    Path out = pinnedPreset.toAbsolutePath().getParent();
    return new BenchRunner(new Options(p, out, new Shard(0, 1), 1, List.of()), log);
  }

  public static Path cellsDir(Path out) {
    return out.resolve("cells");
  }

  public static Path resultFile(Path out, Cell cell) {
    return cellsDir(out).resolve(cell.key() + ".json");
  }

  public static Path presetFile(Path out) {
    return out.resolve(PRESET_FILE);
  }

  @Override
  public String unitName() {
    return "cell";
  }

  @Override
  public String label() {
    return "bench " + options.preset().name();
  }

  @Override
  public String pinName() {
    return PRESET_FILE;
  }

  @Override
  public String pinText() {
    return options.preset().toJson();
  }

  /**
   * Compares what the presets mean, not their bytes: a preset pinned with former key names
   * (data.maxLength, a model's maxLength, training.maxLength) loads into the same preset as the
   * one written with the current names, so a sweep resumes into its directory either way.
   */
  @Override
  public boolean samePin(Path pinned, String pinnedText) {
    if (SweepRunner.samePinText(this, pinnedText)) return true;
    try {
      return Preset.load(pinned.toString()).toJson().equals(options.preset().toJson());
    } catch (UserError unreadable) {
      return false;
    }
  }

  @Override
  public String unitsDir() {
    return "cells";
  }

  /** The cells' keys in cell order, the order shards are dealt from. */
  @Override
  public List<String> keys() {
    return options.preset().cells().stream().sorted().map(Cell::key).toList();
  }

  @Override
  public String problem(Path file, String key) {
    try {
      CellResult r = Results.fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      return r.key().equals(key) ? null : "it holds the result of " + r.key();
    } catch (UserError | IOException e) {
      return e.getMessage();
    }
  }

  @Override
  public void runUnit(Path out, String key) {
    new CellRunner(options.preset(), out, log).run(Cell.parse(key));
  }

  /** Records the preset beside the results, refusing to mix results of a different preset. */
  public static void pinPreset(Path out, Preset preset) {
    SweepRunner.pin(new BenchRunner(new Options(preset, out, new Shard(0, 1), 1, List.of()), System.err), out);
  }

  /**
   * Runs the unfinished cells of this shard. The whole preset, languages included, is checked
   * before the directory is locked, the preset pinned or any cell started.
   */
  public Summary run() {
    options.preset().checkLanguages(Languages.standard());
    ExternalModel.checkAll(options.preset(), Languages.standard());
    SweepRunner.Summary s = SweepRunner.run(this, options.out(), options.shard(), options.parallel(), options.childCommand(), log);
    return new Summary(s.skipped(), s.ran(), s.failed(), s.wallMillis());
  }

  /** Outcome of a sweep: cells finished before, run now, and failed now. */
  public record Summary(int skipped, int ran, List<String> failed, long wallMillis) {}

}
