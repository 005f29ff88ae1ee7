package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.ttsvar.search.SearchSetting;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.world.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Exit codes: bad input is 2 with the message, and anything else (an internal fault, whatever its
 * type, IllegalArgumentException included) is 1 with a line asking to report it.
 */
class ExitCodeTest {
  /** A command with an injected fault of the kind named by its argument. */
  @Command(name = "faulty")
  static final class Faulty implements Callable<Integer> {
    @Parameters(index = "0")
    String kind;

    @Override
    public Integer call() {
      switch (kind) {
        case "bug" -> throw new IllegalArgumentException("row 9 out of range (batch of 4)"); // as a broken select would
        case "state" -> throw new IllegalStateException("cache and batch disagree");
        case "input" -> throw new BadInputException("the prompt file is empty; give at least one prompt");
        case "setting" -> throw new SearchSettingException(SearchSetting.LAMBDA, "must be a finite number ≥ 0, got -1.0");
        default -> {
          return Main.OK;
        }
      }
    }
  }

  private static String[] run(String kind) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    int code = Main.execute(new Faulty(), new PrintWriter(out), new PrintWriter(err), kind);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void anInternalFaultExitsOneAndAsksForAReport() {
    for (String kind : new String[] {"bug", "state"}) {
      String[] r = run(kind);
      assertThat(r[0]).as(kind).isEqualTo("1");
      assertThat(r[1]).contains("please report it");
    }
  }

  @Test
  void badInputExitsTwoWithItsMessageAndNoReportLine() {
    String[] r = run("input");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("the prompt file is empty").doesNotContain("report");
  }

  @Test
  void aSearchSettingIsNamedByItsFlag() {
    String[] r = run("setting");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("--lambda (--lam): must be a finite number ≥ 0");
  }

  @Test
  void rawWithABudgetIsRefusedNotChanged() {
    Cli c = Cli.run("generate", "a photo of a circle", "--strategy", "raw", "--n", "4", "--out", "target/never");
    assertThat(c.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(c.err()).contains("--n: raw sampling generates one path");
  }
}
