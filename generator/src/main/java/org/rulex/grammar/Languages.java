package org.rulex.grammar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.rulex.UserError;

/**
 * The languages of a grammars/ directory, found by name, alias or path. Each is loaded once
 * and shared.
 */
public final class Languages {
  private final Path root;
  private final Map<Path, Language> loaded = new ConcurrentHashMap<>();

  public Languages(Path root) {
    this.root = root;
  }

  /**
   * The grammars/ directory of this rulex checkout: -Drulex.home, else $RULEX_HOME, else the
   * working directory and its parents.
   */
  public static Languages standard() {
    return new Languages(home().resolve("grammars"));
  }

  /** The rulex checkout holding grammars/. */
  public static Path home() {
    String prop = System.getProperty("rulex.home");
    if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath();
    String env = System.getenv("RULEX_HOME");
    if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath();
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
      if (Files.isDirectory(p.resolve("grammars"))) return p;
    return Path.of("").toAbsolutePath();
  }

  public Path root() {
    return root;
  }

  /** Directories under the root holding a language.json, in name order. */
  public List<Path> directories() {
    if (!Files.isDirectory(root)) throw new UserError(root + ": no grammars directory (set RULEX_HOME to the rulex checkout)");
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(Language.MANIFEST))).sorted().toList();
    } catch (IOException e) {
      throw new UserError(root + ": cannot list: " + e.getMessage());
    }
  }

  /** Every language under the root. */
  public List<Language> all() {
    List<Language> out = new ArrayList<>();
    for (Path d : directories()) out.add(load(d));
    return out;
  }

  /** A language by name, alias (L3), directory name, or path to a language directory. */
  public Language get(String nameOrPath) {
    Path asPath = Path.of(nameOrPath);
    if (Files.isDirectory(asPath) && (nameOrPath.contains("/") || !Files.isDirectory(root.resolve(nameOrPath))))
      return load(asPath);
    Path dir = root.resolve(nameOrPath);
    if (Files.isRegularFile(dir.resolve(Language.MANIFEST))) return load(dir);
    // A broken language elsewhere in the directory must not hide the one asked for; it is named if nothing matches.
    List<String> broken = new ArrayList<>();
    for (Path d : directories()) {
      Language l;
      try {
        l = load(d);
      } catch (UserError e) {
        broken.add(d.getFileName().toString());
        continue;
      }
      if (l.name().equalsIgnoreCase(nameOrPath) || l.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(nameOrPath))) return l;
    }
    throw new UserError("unknown language '" + nameOrPath + "': 'rulex languages' lists the languages in " + root
        + (broken.isEmpty() ? "" : " (not read, having errors: " + String.join(", ", broken) + "; 'rulex grammar check DIR' shows them)"));
  }

  private Language load(Path dir) {
    return loaded.computeIfAbsent(dir.toAbsolutePath().normalize(), Language::load);
  }
}
