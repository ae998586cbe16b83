package org.rulex.prompt;

/**
 * One prompt: its text and alphabet ids (no SOS), and for an in-distribution prompt a witness,
 * the shortest member of the language that starts with it (null for the other classes).
 */
public record Prompt(String text, int[] ids, String witness) {}
