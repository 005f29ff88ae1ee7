package org.ttsvar.verifier;

/**
 * GenEval's judgement of one image: correct or not, and why not (one line per failed clause, in
 * GenEval's wording; empty when correct).
 */
public record Verdict(boolean correct, String reason) {}
