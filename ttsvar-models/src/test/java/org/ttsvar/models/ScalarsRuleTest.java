package org.ttsvar.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the rule of ARCHITECTURE.md "Engine": DJL's {@code mul/div/pow} with a Java number free the
 * constant that autograd keeps for the backward pass, so on a path that gradients flow through they
 * must be {@code Scalars.mul/div/pow}. Every such call with a literal or cast argument in the model
 * and tensor sources must either go or say on its line why no gradient flows there ("no grad: …").
 * (A float variable as the argument is not caught; the rule's tests in ScalarsTest show the failure.)
 */
class ScalarsRuleTest {
  private static final Pattern SCALAR_OP = Pattern.compile("\\.(mul|div|pow)\\(\\s*(-?[0-9]|\\(float\\)|\\(double\\))");

  @Test
  void scalarOperationsOnNDArraysSayWhyNoGradientFlows() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (String root : List.of("src/main/java", "../ttsvar-tensor/src/main/java")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("Scalars.java")).toList()) {
          List<String> lines = Files.readAllLines(f);
          for (int i = 0; i < lines.size(); i++) {
            if (SCALAR_OP.matcher(lines.get(i)).find() && !lines.get(i).contains("no grad")) {
              offenders.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
          }
        }
      }
    }
    assertThat(offenders).as("use Scalars.mul/div/pow, or mark the line '// no grad: why'").isEmpty();
  }
}
