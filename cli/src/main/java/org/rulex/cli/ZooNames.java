package org.rulex.cli;

import java.util.Iterator;
import org.rulex.model.ModelZoo;

/** The model zoo's architecture names, for --help texts that list them (never a hand-kept copy). */
final class ZooNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return ModelZoo.names().iterator();
  }
}
