package org.ttsvar.world;

import java.util.List;
import java.util.Objects;

/**
 * A prompt and its GenEval metadata: the task tag, the include clauses (ANDed), the exclude clauses
 * (any one present fails the image) and the prompt text. This is the interchange record between the
 * prompt set, the scene sampler, the generators and the verifier.
 */
public record PromptSpec(Task task, List<Clause> include, List<Clause> exclude, String prompt) {

  public PromptSpec {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(prompt, "prompt");
    include = List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    if (include.isEmpty()) {
      throw new IllegalArgumentException("a prompt spec needs at least one include clause: " + prompt);
    }
    for (Clause c : include) {
      if (c.hasPosition() && c.position().target() >= include.size()) {
        throw new IllegalArgumentException(
            "position target " + c.position().target() + " is not an include index (0.." + (include.size() - 1) + ")");
      }
    }
  }

  /** Parses prompt text with the GenEval grammar; see {@link Grammar#parse(String)}. */
  public static PromptSpec parse(String text) {
    return Grammar.parse(text);
  }
}
