package org.rulex.bench;

import java.util.List;
import org.rulex.UserError;

/**
 * One slice i of n of a sweep: cells are sorted by key and dealt round-robin, so every shard
 * gets a similar mix and the union of all shards is the whole sweep, each cell once.
 */
public record Shard(int index, int count) {
  public Shard {
    if (count < 1 || index < 0 || index >= count)
      throw new UserError("--shard " + index + "/" + count + ": need 0 <= i < n, e.g. --shard 0/4 (a Slurm array index or a Kubernetes job completion index)");
  }

  /** Parses "i/n". */
  public static Shard parse(String text) {
    String[] p = text.split("/");
    try {
      if (p.length == 2) return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new UserError("--shard '" + text + "': write i/n, e.g. 0/4");
  }

  /** This shard's share of items, dealt in their natural order, so the order given does not matter. */
  public <T extends Comparable<? super T>> List<T> select(List<T> items) {
    return slice(items.stream().sorted().toList());
  }

  /** This shard's share of keys, by their position in the given (stable) order: every i-th of n. */
  public List<String> selectKeys(List<String> keys) {
    return slice(keys);
  }

  private <T> List<T> slice(List<T> ordered) {
    return java.util.stream.IntStream.range(0, ordered.size()).filter(i -> i % count == index).mapToObj(ordered::get).toList();
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
