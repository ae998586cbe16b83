package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;

/** Shards partition a sweep exactly: every cell in one shard, sizes within one of each other. */
class ShardTest {
  @Property(tries = 200)
  void shardsPartitionTheCellsExactly(@ForAll @Size(max = 40) @UniqueElements List<@IntRange(min = 0, max = 999) Integer> seeds,
      @ForAll @IntRange(min = 1, max = 12) int count) {
    List<Cell> cells = seeds.stream().map(s -> new Cell("anbn", "lstm", s)).toList();
    List<Cell> union = new ArrayList<>();
    Set<Integer> sizes = new HashSet<>();
    for (int i = 0; i < count; i++) {
      List<Cell> slice = new Shard(i, count).select(cells);
      union.addAll(slice);
      sizes.add(slice.size());
    }
    assertEquals(cells.stream().sorted().toList(), union.stream().sorted().toList(), "each cell exactly once");
    assertTrue(sizes.stream().mapToInt(x -> x).max().orElse(0) - sizes.stream().mapToInt(x -> x).min().orElse(0) <= 1, sizes.toString());
  }

  @Property(tries = 100)
  void aShardDoesNotDependOnTheOrderCellsAreListedIn(@ForAll @Size(max = 30) @UniqueElements List<@IntRange(min = 0, max = 99) Integer> seeds,
      @ForAll @IntRange(min = 1, max = 5) int count, @ForAll @IntRange(min = 0, max = 4) int index) {
    Shard shard = new Shard(index % count, count);
    List<Cell> cells = seeds.stream().map(s -> new Cell("dyck", "transformer", s)).toList();
    List<Cell> reversed = new ArrayList<>(cells);
    java.util.Collections.reverse(reversed);
    assertEquals(shard.select(cells), shard.select(reversed));
  }

  @Test
  void parsesIOverN() {
    assertEquals(new Shard(2, 8), Shard.parse("2/8"));
    assertEquals("2/8", new Shard(2, 8).toString());
  }

  @Test
  void refusesWhatIsNotAShard() {
    for (String bad : List.of("8/8", "-1/4", "0/0", "1", "a/b", "1/2/3"))
      assertThrows(UserError.class, () -> Shard.parse(bad), bad);
  }
}
