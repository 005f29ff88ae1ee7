package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strict loading of weights, and the growing load a warm start into a model with a new component uses. */
class ParamsLoadTest {
  private static Params params(NDManager m, boolean withExtra) {
    Params p = new Params(m, 1);
    p.create("a", Init.normal(1), 2, 3);
    if (withExtra) {
      p.create("b.new", Init.constant(7f), 4);
    }
    p.create("c", Init.normal(1), 5);
    return p;
  }

  @Test
  void aGrowingLoadKeepsTheNewParametersAtTheirInitialisationAndLoadsTheRest() throws CorruptWeightsException {
    try (NDManager m = NDManager.newBaseManager()) {
      Params small = params(m, false);
      Map<String, TensorData> snapshot = small.toHost();
      Params grown = params(m, true);
      List<String> added = grown.loadGrowing(snapshot, "snapshot");
      assertThat(added).containsExactly("b.new");
      assertThat(grown.toHost().get("a").values()).containsExactly(snapshot.get("a").values());
      assertThat(grown.toHost().get("c").values()).containsExactly(snapshot.get("c").values());
      assertThat(grown.toHost().get("b.new").values()).containsOnly(7f);
      // the strict load refuses the same weights, naming the parameter
      assertThatThrownBy(() -> params(m, true).load(snapshot, "snapshot")).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("missing parameter 'b.new'");
    }
  }

  @Test
  void aGrowingLoadStillRefusesExtrasWrongShapesAndWeightsOfAnotherModel() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, TensorData> big = params(m, true).toHost();
      assertThatThrownBy(() -> params(m, false).loadGrowing(big, "big")).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("unexpected parameter 'b.new'");
      Map<String, TensorData> wrongShape = new java.util.HashMap<>(params(m, false).toHost());
      wrongShape.put("c", new TensorData(new long[] {6}, new float[6]));
      assertThatThrownBy(() -> params(m, false).loadGrowing(wrongShape, "w")).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("'c' has shape [6]");
      assertThatThrownBy(() -> params(m, false).loadGrowing(Map.of(), "empty")).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("none of the model's parameters");
    }
  }
}
