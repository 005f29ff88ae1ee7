package org.ttsvar.serve;

import java.util.List;
import java.util.Map;
import org.ttsvar.search.SearchModels;

/**
 * The model a server answers with, as the command line loaded it: the search's view of it and what
 * the API and the page say about it.
 *
 * @param id the name clients pass as {@code model} (e.g. {@code ttsvar-embedded})
 * @param description one line for {@code /v1/models} and the page
 * @param models the family's generator, defaults, rewards and extractors
 * @param sides each scale's side in tokens (the tree's column labels)
 * @param imageSize the images' size as the API states it, e.g. {@code 64x64}
 * @param prompts which prompts the model reads
 * @param setup what the trace records beside the search config (sampling, files), as {@code generate} writes it
 */
public record ServedModel(String id, String description, SearchModels models, List<Integer> sides, String imageSize, Prompts prompts, Map<String, String> setup) {
  public ServedModel {
    sides = List.copyOf(sides);
    setup = Map.copyOf(setup);
    if (sides.size() != models.generator().numScales()) {
      throw new IllegalArgumentException(sides.size() + " scale sides for a model of " + models.generator().numScales() + " scales");
    }
  }

  /** What a model reads: a check run before a request is queued, and the help the page shows beside the prompt box. */
  public interface Prompts {
    /**
     * @throws org.ttsvar.world.BadInputException saying what is wrong with the prompt and how to write one
     */
    void check(String prompt);

    /** Plain text: the templates and words, or a sentence for a model that reads any text. */
    String help();

    /** An example the page starts with. */
    String example();
  }
}
