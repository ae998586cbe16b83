package org.rulex.train;

import com.google.gson.JsonObject;
import java.util.List;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;

/**
 * Everything needed to rebuild, trust and reproduce a checkpoint, stored beside its parameters as
 * model-card.json.
 *
 * @param format version of this record's layout
 * @param model the architecture and its sizes, as {@link ModelZoo#toJson} writes them
 * @param vocabulary the alphabet (ids from 3 on; PAD, SOS, EOS are 0, 1, 2)
 * @param language name of the language trained on
 * @param grammarHash content hash of the language's grammars
 * @param datasetHash content hash of the dataset manifest
 * @param seed the training seed
 * @param steps optimiser steps done when this checkpoint was written
 * @param validation every validation check so far
 * @param bestStep step of the lowest validation loss so far
 * @param bestValLoss the lowest validation loss so far
 * @param training the training settings
 * @param parameterCount number of trained scalars
 * @param parametersSha256 SHA-256 of the parameters file, to detect damage
 * @param rulexVersion rulex version that wrote it
 * @param djlVersion DJL version that wrote it
 * @param engineVersion libtorch version that wrote it
 */
public record ModelCard(
    int format,
    JsonObject model,
    List<String> vocabulary,
    String language,
    String grammarHash,
    String datasetHash,
    long seed,
    int steps,
    List<ValidationPoint> validation,
    int bestStep,
    double bestValLoss,
    TrainConfig training,
    long parameterCount,
    String parametersSha256,
    String rulexVersion,
    String djlVersion,
    String engineVersion) {

  public static final int FORMAT = 1;

  public ModelConfig modelConfig() {
    return ModelZoo.fromJson(model);
  }

  public Vocabulary vocabularyObject() {
    return new Vocabulary(vocabulary);
  }

  ModelCard withChecksum(String sha256) {
    return new ModelCard(
        format, model, vocabulary, language, grammarHash, datasetHash, seed, steps, validation, bestStep, bestValLoss,
        training, parameterCount, sha256, rulexVersion, djlVersion, engineVersion);
  }
}
