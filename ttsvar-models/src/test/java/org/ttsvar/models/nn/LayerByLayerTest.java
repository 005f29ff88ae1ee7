package org.ttsvar.models.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LayerByLayerTest {
  /** A layer that makes three temporaries and returns a fourth array. */
  private static final UnaryOperator<NDArray> LAYER = x -> x.mul(2f).add(1f).sqrt().add(x);

  @Test
  void sameResultAsTheLoopWithOnlyTheResultAlive() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.arange(6f).reshape(2, 3);
      NDArray expected = x;
      for (int i = 0; i < 5; i++) {
        expected = LAYER.apply(expected);
      }
      float[] want = expected.toFloatArray();
      int before = m.getManagedArrays().size();
      NDArray y;
      try (NDScope scope = new NDScope()) {
        y = LayerByLayer.apply(x, List.of(LAYER, LAYER, LAYER, LAYER, LAYER), UnaryOperator::apply);
        assertThat(m.getManagedArrays().size() - before).as("alive: the result only (5 layers × 4 arrays without it)").isEqualTo(1);
        assertThat(y.toFloatArray()).containsExactly(want);
      }
      assertThat(y.isReleased()).as("the result belonged to the caller's scope").isTrue();
      assertThat(x.isReleased()).as("the input is the caller's").isFalse();
    }
  }

  @Test
  void whatALayerKeepsOnPurposeSurvivesAndIdentityLayersAreSafe() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.ones(new Shape(4));
      List<NDArray> kept = new ArrayList<>();
      UnaryOperator<NDArray> caching = h -> {
        NDArray c = h.mul(3f);
        NDScope.unregister(c); // as KvCache does
        kept.add(c);
        return h.add(c);
      };
      UnaryOperator<NDArray> identity = h -> h;
      NDArray y = LayerByLayer.apply(x, List.of(caching, identity, caching, identity), UnaryOperator::apply);
      assertThat(y.toFloatArray()).containsExactly(16f, 16f, 16f, 16f);
      assertThat(kept).allSatisfy(c -> assertThat(c.isReleased()).isFalse());
      assertThat(LayerByLayer.apply(x, List.of(identity), UnaryOperator::apply)).isSameAs(x);
    }
  }
}
