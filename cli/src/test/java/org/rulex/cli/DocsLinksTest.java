package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manual's links cannot rot: every relative link in README.md, docs/**.md, grammars/README.md
 * and results/RUN/README.md names a file or directory of this repository, and no link leaves it.
 * The pages also keep to what the toolkit is, not to how it was built: no numbered sessions,
 * rounds or issues (dated notes under docs/notes/ excepted).
 */
class DocsLinksTest {
  /** [text](target) and [text](target "title"); images too. */
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

  private static final Pattern HISTORY = Pattern.compile("(?i)session [0-9]|issue [0-9]+|engineers|round [0-9]");

  private static Path home() {
    return Path.of(System.getProperty("rulex.home", "..")).toAbsolutePath().normalize();
  }

  static List<Path> pages() throws IOException {
    Path home = home();
    List<Path> pages = new ArrayList<>();
    pages.add(home.resolve("README.md"));
    pages.add(home.resolve("grammars/README.md"));
    try (Stream<Path> docs = Files.walk(home.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    try (Stream<Path> runs = Files.list(home.resolve("results"))) {
      runs.map(r -> r.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** Markdown outside fenced code blocks: commands in examples are not links. */
  private static String prose(String text) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("```")) fenced = !fenced;
      else if (!fenced) out.append(line);
      out.append('\n');
    }
    return out.toString();
  }

  @Test
  void everyRelativeLinkNamesAFileInTheRepository() throws IOException {
    Path home = home();
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages()) {
      String text = prose(Files.readString(page, StandardCharsets.UTF_8));
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("<") && target.endsWith(">")) target = target.substring(1, target.length() - 1);
        if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*") || target.startsWith("#")) continue; // http:, mailto:, an anchor
        links++;
        String file = target.replaceAll("#.*$", "");
        Path resolved = page.getParent().resolve(java.net.URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
        String where = home.relativize(page) + ": (" + target + ")";
        if (!resolved.startsWith(home)) broken.add(where + " leaves the repository");
        else if (!Files.exists(resolved)) broken.add(where + " names " + home.relativize(resolved) + ", which does not exist");
      }
    }
    assertEquals(List.of(), broken);
    assertTrue(links > 20, "found only " + links + " relative links: is rulex.home right? " + home);
  }

  @Test
  void thePagesDescribeTheToolkitNotItsHistory() throws IOException {
    Path home = home();
    List<String> found = new ArrayList<>();
    for (Path page : pages()) {
      if (page.startsWith(home.resolve("docs/notes"))) continue;
      String[] lines = Files.readString(page, StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++)
        if (HISTORY.matcher(lines[i]).find()) found.add(home.relativize(page) + ":" + (i + 1) + ": " + lines[i].strip());
    }
    assertEquals(List.of(), found);
  }
}
