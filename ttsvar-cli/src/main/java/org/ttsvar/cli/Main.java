package org.ttsvar.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.ttsvar.models.MissingModelException;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.UnsupportedEnvironmentException;
import org.ttsvar.world.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ttsvar} command line. Exit codes: 0 success, 2 bad usage or bad input (the message says
 * what and how to fix it), 1 any other failure.
 */
@Command(
    name = "ttsvar",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Test-time scaling for visual auto-regressive text-to-image models (TTS-VAR).",
    subcommands = {
      PromptsCommand.class,
      RenderCommand.class,
      EvalCommand.class,
      TrainCommand.class,
      ReconstructCommand.class,
      GenerateCommand.class,
      ServeCommand.class,
      SampleCommand.class,
      RewardCommand.class,
      BenchCommand.class,
      SpeedCommand.class,
      ParityCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a command; see 'ttsvar --help'");
  }

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with the given streams and returns the exit code (used by tests). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(new Main(), out, err, args);
  }

  /** Runs {@code command} (ttsvar's, or a test's) with ttsvar's exit codes and error messages. */
  public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = new CommandLine(command);
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExitCodeExceptionMapper(Main::exitCode);
    cmd.setExecutionStrategy(EngineWarning::execute);
    cmd.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          int code = exitCode(ex);
          commandLine.getErr().println("ttsvar " + commandLine.getCommandName() + ": " + org.ttsvar.world.Messages.terminalSafe(message(ex)));
          if (code == FAILURE && !isEnvironmentFailure(ex)) {
            commandLine.getErr().println("This is a bug in ttsvar, not in your input: please report it with the command line and this message.");
          }
          if (code == FAILURE && Boolean.getBoolean("ttsvar.debug")) {
            ex.printStackTrace(commandLine.getErr());
          } else if (code == FAILURE) {
            commandLine.getErr().println("(run with JAVA_OPTS=-Dttsvar.debug=true for the stack trace)");
          }
          commandLine.getErr().flush();
          return code;
        });
    cmd.setParameterExceptionHandler(
        (ex, args2) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("ttsvar " + c.getCommandName() + ": " + org.ttsvar.world.Messages.terminalSafe(cut(ex.getMessage())));
          c.getErr().println("See 'ttsvar " + (c == cmd ? "" : c.getCommandName() + " ") + "--help'.");
          c.getErr().flush();
          return BAD_INPUT;
        });
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Bad input (arguments, prompts, metadata, files the user named: {@link BadInputException} and its
   * subclasses, corrupt weight files) → 2; anything else, an internal error included, → 1.
   */
  static int exitCode(Throwable ex) {
    Throwable t = unwrap(ex);
    if (t instanceof CommandLine.ParameterException || t instanceof BadInputException || t instanceof CorruptWeightsException) {
      return BAD_INPUT;
    }
    return FAILURE;
  }

  /** Picocli's message echoes the argument; a 10,000-character one is cut in each line. */
  private static String cut(String m) {
    if (m == null) {
      return null;
    }
    return m.lines().map(l -> l.length() > 400 ? l.substring(0, 400) + "… (" + l.length() + " characters)" : l)
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** A failure of the machine or the file system (disk full, no permission), not of ttsvar's code. */
  private static boolean isEnvironmentFailure(Throwable ex) {
    Throwable t = unwrap(ex);
    return t instanceof IOException || t instanceof OutOfMemoryError || t instanceof UnsupportedEnvironmentException;
  }

  private static Throwable unwrap(Throwable ex) {
    return ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
  }

  private static String message(Throwable ex) {
    Throwable t = unwrap(ex);
    if (t instanceof SearchSettingException s) { // the search names settings; the command line names its flags
      return SearchOptions.FLAGS.get(s.setting()) + ": " + s.problem();
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    } else if (t instanceof MissingModelException missing) {
      m = withTrainCommand(missing);
    } else if (t instanceof IOException && !(t instanceof java.nio.file.FileSystemException)) {
      m = m.trim();
    } else if (t instanceof java.nio.file.FileSystemException fse) {
      m = fse.getFile() + ": " + (fse.getReason() == null ? fse.getClass().getSimpleName() : fse.getReason());
    }
    return FlagWording.of(m);
  }

  /** A missing model's message with the command that trains one (the models layer names no commands or flags). */
  static String withTrainCommand(MissingModelException e) {
    if (e.folder() == null) {
      return e.getMessage().replace("; train it or rebuild", "; train it with 'ttsvar train " + e.model() + "' or rebuild");
    }
    return e.getMessage().replace("or train one and export it there", "or train one with 'ttsvar train " + e.model() + " --export " + e.folder() + "'");
  }

  /** Reports the project version from the jar manifest (or "dev" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ttsvar " + (v == null ? "dev" : v)};
    }
  }
}
