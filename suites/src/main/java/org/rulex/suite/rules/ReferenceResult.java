package org.rulex.suite.rules;

/**
 * A reference learner's unit result as its file holds it (schema {@value RulesSuite#SCHEMA}; design
 * v2): a scripted strategy scored on the in-context tests like a trained model. Read strictly.
 *
 * @param learner "rule" or "exemplar" (see {@link ReferenceLearner})
 */
public record ReferenceResult(
    String test, String learner, InContextResult.Score exemplar, InContextResult.Score rule, InContextResult.Score partial,
    InContextResult.Score control) {}
