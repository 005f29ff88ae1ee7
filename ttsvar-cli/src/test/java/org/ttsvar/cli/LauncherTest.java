package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script {@code ./ttsvar}, run with a stand-in {@code java} that prints its arguments (issue 25, finding 13). */
class LauncherTest {
  @TempDir Path tmp;

  @Test
  void javaOptsComeAfterTheLaunchersDefaultsSoTheUsersWeightsWin() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.copy(Path.of("..", "ttsvar"), root.resolve("ttsvar"));
    Path target = Files.createDirectories(root.resolve("ttsvar-cli/target"));
    Files.writeString(target.resolve("classpath.txt"), "/nowhere.jar");
    Files.writeString(target.resolve("ttsvar-cli-0.jar"), "");
    Files.writeString(target.resolve(".launcher-built"), ""); // newer than every file: no build
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path java = Files.writeString(bin.resolve("java"), "#!/bin/bash\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", root.resolve("ttsvar").toString(), "generate", "x").redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("JAVA_OPTS", "-Dttsvar.weights=/mine -Xmx1g");
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    List<String> args = out.lines().toList();
    List<String> weights = args.stream().filter(a -> a.startsWith("-Dttsvar.weights=")).toList();
    assertThat(weights).as(out).hasSize(2);
    assertThat(weights.get(weights.size() - 1)).as("the last -D of a name wins in java").isEqualTo("-Dttsvar.weights=/mine");
    assertThat(args.indexOf("-Xmx1g")).isLessThan(args.indexOf("org.ttsvar.cli.Main"));
    assertThat(args.subList(args.indexOf("org.ttsvar.cli.Main"), args.size())).containsExactly("org.ttsvar.cli.Main", "generate", "x");
  }
}
