package org.ttsvar.spark;

import java.io.PrintWriter;
import org.ttsvar.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Spark job's entry point ({@code spark-submit --class org.ttsvar.spark.SparkMain ttsvar-spark.jar
 * bench|sample …}): ttsvar's {@code bench} and {@code sample} with their own arguments, run over a
 * cluster. Exit codes and messages are the command line's.
 */
@Command(
    name = "ttsvar-spark",
    mixinStandardHelpOptions = true,
    description = "ttsvar's bench and sample as Apache Spark jobs: spark-submit --class org.ttsvar.spark.SparkMain ttsvar-spark.jar bench|sample ARGS",
    subcommands = {SparkBenchCommand.class, SparkSampleCommand.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose bench or sample; see 'ttsvar-spark --help'");
  }

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the job's command line with the given streams and returns the exit code (used by tests). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    ExecutorModels.useBundledEngine(); // the driver loads the models too, to describe them
    return Main.execute(new SparkMain(), out, err, args);
  }
}
