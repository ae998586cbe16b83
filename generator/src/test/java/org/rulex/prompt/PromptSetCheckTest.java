package org.rulex.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.grammar.Diagnostic;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;

/** An OOD prompt set that no prompt can fall into is named by grammar check; a real one is not. */
class PromptSetCheckTest {
  @Test
  void noLanguageOfTheGrammarsDirectoryHasAnEmptyPromptSet() {
    for (Language l : Languages.standard().all()) assertEquals(List.of(), PromptSetCheck.run(l), l.name());
  }

  @Test
  void aRuleThatAcceptsEveryWordLeavesItsSetEmptyAndIsNamedAtTheSet(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("Alphabet.g4"), "lexer grammar Alphabet;\nA : 'a' ;\nB : 'b' ;\n");
    Files.writeString(dir.resolve("S.g4"), "parser grammar S;\nequal : ( 'a' 'b' | 'b' 'a' )* ;\nanything : ( 'a' | 'b' )* ;\nlang : ( 'a' 'b' )+ ;\n");
    Files.writeString(dir.resolve(Language.MANIFEST), """
        {"name": "everything", "lexer": "Alphabet.g4", "grammars": ["S.g4"],
         "rules": [{"id": "R1", "description": "pairs", "parserRules": ["equal"]},
                   {"id": "R2", "description": "anything", "parserRules": ["anything"]}],
         "language": ["lang"], "lengths": {"kind": "uniform", "min": 2, "max": 12},
         "prompts": {"length": 4, "ood": [{"name": "ood-R2", "breaks": "R2", "checks": ["R1"]},
                                          {"name": "ood-R1", "breaks": "R1", "checks": ["R2"]}]}}
        """);
    List<Diagnostic> found = PromptSetCheck.run(Language.load(dir));
    assertEquals(1, found.size(), found.toString());
    Diagnostic d = found.get(0);
    assertTrue(!d.isError() && d.line() == 5 && d.message().startsWith("prompt set ood-R2 is empty: no word of length 4 breaks R2"), d.toString());
  }
}
