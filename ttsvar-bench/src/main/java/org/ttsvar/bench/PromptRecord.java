package org.ttsvar.bench;

import java.util.List;

/**
 * Everything the benchmark keeps of one configuration on one prompt: one line of
 * {@code CONFIG/records.jsonl}, written once the prompt's images are on disk.
 *
 * @param index the prompt's position in the benchmark's prompt list (its GenEval folder number)
 * @param tag the GenEval task
 * @param diversity mean pairwise cosine distance of the embeddings of the prompt's images
 * @param peakRssBytes the process's peak resident memory while running this prompt (measured; 0 where unknown)
 */
public record PromptRecord(int index, String tag, String prompt, List<ImageRecord> images, double diversity, long peakRssBytes) {
  public PromptRecord {
    images = List.copyOf(images);
  }
}
