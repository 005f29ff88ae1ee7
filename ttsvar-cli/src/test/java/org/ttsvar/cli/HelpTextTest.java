package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every help text is a format string to picocli (it expands {@code %n}); a bare {@code %} makes
 * picocli print a warning and show the raw text. Checks all commands, options and parameters.
 */
class HelpTextTest {
  @Test
  void everyDescriptionIsAValidFormatString() {
    List<String> bad = new ArrayList<>();
    visit(new CommandLine(new Main()), bad);
    assertThat(bad).as("descriptions with a bare percent sign (picocli needs it doubled)").isEmpty();
  }

  @Test
  void everyCommandPrintsItsHelp() {
    List<String> failed = new ArrayList<>();
    for (String name : new CommandLine(new Main()).getSubcommands().keySet()) {
      if (name.equals("help")) continue;
      Cli r = Cli.run(name, "--help");
      if (r.code() != Main.OK || !r.out().contains("Usage: ttsvar " + name)) failed.add(name + ": " + r.code() + " " + r.err());
    }
    assertThat(failed).isEmpty();
  }

  /** The annotations' own text: picocli's accessors return it already formatted. */
  private static void visit(CommandLine cmd, List<String> bad) {
    CommandSpec spec = cmd.getCommandSpec();
    Command command = spec.userObject().getClass().getAnnotation(Command.class);
    if (command != null) for (String line : command.description()) check(spec.qualifiedName(), line, bad);
    for (ArgSpec arg : spec.args()) {
      if (!(arg.userObject() instanceof AnnotatedElement element)) continue;
      Option option = element.getAnnotation(Option.class);
      Parameters parameters = element.getAnnotation(Parameters.class);
      String[] lines = option != null ? option.description() : parameters != null ? parameters.description() : new String[0];
      for (String line : lines) check(spec.qualifiedName() + " " + arg.paramLabel(), line, bad);
    }
    cmd.getSubcommands().values().forEach(sub -> visit(sub, bad));
  }

  private static void check(String where, String text, List<String> bad) {
    try {
      String.format(Locale.ROOT, text);
    } catch (java.util.IllegalFormatException e) {
      bad.add(where + ": " + text);
    }
  }
}
