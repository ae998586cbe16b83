package org.rulex.suite;

import com.google.gson.JsonObject;

/**
 * What a suite makes of its units' results.
 *
 * @param summary the aggregated figures (means, intervals, verdicts), written as summary.json
 * @param markdown the report section in Markdown, starting with a level-2 heading
 * @param html the same section as an HTML fragment (a section element, inline SVG figures), no page around it
 */
public record SuiteReport(JsonObject summary, String markdown, String html) {}
