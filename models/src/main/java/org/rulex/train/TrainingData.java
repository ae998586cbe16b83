package org.rulex.train;

/**
 * Where a model's training data came from, recorded in its model card and checked when the
 * checkpoint is loaded for a language.
 *
 * @param language the language's name
 * @param grammarHash content hash of the language's grammars and manifest
 * @param datasetHash content hash of the dataset manifest the words came from
 */
public record TrainingData(String language, String grammarHash, String datasetHash) {
  public TrainingData {
    if (language == null || language.isBlank()) throw new IllegalArgumentException("language name is missing");
    if (grammarHash == null) grammarHash = "";
    if (datasetHash == null) datasetHash = "";
  }
}
