package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The engine's warning is said by the commands that run models, in the command line's voice, once. */
class EngineWarningTest {
  private static String said(String... path) {
    CommandLine command = new CommandLine(new Main());
    for (String name : path) {
      command = command.getSubcommands().get(name);
    }
    StringWriter err = new StringWriter();
    command.setErr(new PrintWriter(err));
    EngineWarning.sayBefore(command, Optional.of("this CPU has AVX2 and ONEDNN_MAX_CPU_ISA is not set."));
    return err.toString();
  }

  @Test
  void aCommandThatRunsAModelSaysItBeforeStartingAsItsOtherWarnings() {
    assertThat(said("serve")).isEqualTo("ttsvar serve: warning: this CPU has AVX2 and ONEDNN_MAX_CPU_ISA is not set." + System.lineSeparator());
    assertThat(said("bench", "rewards")).startsWith("ttsvar rewards: warning: ");
    assertThat(said("prompts")).isEmpty();
  }

  @Test
  void theCommandsThatRunModelsAreMarked() {
    List<String> marked = new ArrayList<>();
    collect(new CommandLine(new Main()), "", marked);
    assertThat(marked).containsExactlyInAnyOrder("generate", "serve", "sample", "reward", "bench", "bench consistency", "bench rewards", "speed",
        "reconstruct", "parity infinity", "parity dinov2", "parity imagereward", "train value");
  }

  private static void collect(CommandLine c, String prefix, List<String> marked) {
    for (var e : c.getSubcommands().entrySet()) {
      String name = prefix + e.getKey();
      if (e.getValue().getCommand() instanceof EngineWarning.RunsModels) {
        marked.add(name);
      }
      collect(e.getValue(), name + " ", marked);
    }
  }
}
