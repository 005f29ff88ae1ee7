package org.ttsvar.cli;

import java.util.Optional;
import org.ttsvar.tensor.Engines;
import picocli.CommandLine;

/**
 * The engine's warning about this machine ({@link Engines#inferenceWarning}: oneDNN's convolutions
 * uncapped on an AVX2 CPU), said once by a command that runs a model, before it starts and in the
 * command line's voice, as its other warnings are: {@code ttsvar serve: warning: ...} on the command's
 * error stream. The library logs the same through slf4j, which the command line's binding keeps off the
 * terminal, so it is said once.
 */
final class EngineWarning {
  /** A command that runs a model through PyTorch (and so is told about the engine). */
  interface RunsModels {}

  private EngineWarning() {}

  /** Says {@code warning} on {@code command}'s error stream if the command runs models. */
  static void sayBefore(CommandLine command, Optional<String> warning) {
    if (command.getCommand() instanceof RunsModels && warning.isPresent()) {
      command.getErr().println("ttsvar " + command.getCommandName() + ": warning: " + warning.get());
      command.getErr().flush();
    }
  }

  /** Picocli's usual execution (help, or the last subcommand), with the warning said first. */
  static int execute(CommandLine.ParseResult parsed) {
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      return help;
    }
    CommandLine.ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    sayBefore(last.commandSpec().commandLine(), Engines.inferenceWarning());
    return new CommandLine.RunLast().execute(parsed);
  }
}
