package org.rulex.prompt;

import java.util.Arrays;
import java.util.Objects;

/**
 * One prompt: its text and alphabet ids (no SOS), and for an in-distribution prompt a witness,
 * the shortest member of the language that starts with it (null for the other classes).
 * Equality is by value, ids included: a record compares arrays by identity otherwise, and then
 * {@code contains} on a list of prompts could never find an equal prompt built elsewhere.
 */
public record Prompt(String text, int[] ids, String witness) {
  @Override
  public boolean equals(Object o) {
    return o instanceof Prompt p && text.equals(p.text) && Arrays.equals(ids, p.ids) && Objects.equals(witness, p.witness);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, Arrays.hashCode(ids), witness);
  }

  @Override
  public String toString() {
    return "Prompt[" + text + (witness == null ? "" : ", witness " + witness) + "]";
  }
}
