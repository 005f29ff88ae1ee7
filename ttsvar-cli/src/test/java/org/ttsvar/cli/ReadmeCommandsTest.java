package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the README's two set-up commands true: the first runs in-process, the second is CI's. */
class ReadmeCommandsTest {
  private static final Path ROOT = Path.of("..");

  @TempDir Path tmp;

  @Test
  void theFirstCommandRunsTwiceAndTheSecondIsWhatCiRuns() throws IOException {
    List<String> setup = setupCommands();
    assertThat(setup).hasSize(2);
    assertThat(setup.get(1)).isEqualTo("mvn -B verify");
    assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains(setup.get(1));

    for (int run = 0; run < 2; run++) { // "safe to run again"
      for (String part : setup.get(0).split("&&")) {
        List<String> args = words(part.trim());
        assertThat(args.get(0)).isEqualTo("./ttsvar");
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        rest.replaceAll(a -> a.startsWith("out/") ? tmp.resolve(a).toString() : a);
        Cli r = Cli.run(rest.toArray(String[]::new));
        assertThat(r.code()).as(part + "\n" + r.err()).isZero();
      }
    }
    assertThat(tmp.resolve("out/first/image.png")).isRegularFile();
    assertThat(tmp.resolve("out/first/trace.json")).isRegularFile();
  }

  @Test
  void onePromptOnTheCommandLineAndItsErrors() {
    Cli both = Cli.run("render", "--prompt", "a photo of a circle", "--prompts", "x.jsonl", "--out", tmp.resolve("a").toString());
    assertThat(both.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(both.err()).contains("one of --prompt, --prompts and --validation");
    Cli bad = Cli.run("render", "--prompt", "a photo of a red circle left of a blue square", "--out", tmp.resolve("b").toString());
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("position prompts name no colours").contains("{left of|right of|above|below}");
    assertThat(tmp.resolve("b")).doesNotExist();
  }

  /** The lines of the first bash block under "## Two commands". */
  private static List<String> setupCommands() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m = Pattern.compile("## Two commands[^\\n]*\\n+```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README has a '## Two commands' section with a bash block").isTrue();
    return m.group(1).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  /** Splits a shell command into words, honouring double quotes. */
  private static List<String> words(String command) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(command);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }
}
