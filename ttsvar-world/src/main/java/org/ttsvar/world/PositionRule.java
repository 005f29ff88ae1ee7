package org.ttsvar.world;

import java.util.EnumSet;
import java.util.Set;

/**
 * GenEval's relative-position formula for boxes {x1, y1, x2, y2} (y down), A relative to B:
 * {@code offset = centre_A − centre_B; rev = max(|offset| − 0.1·(dim_A + dim_B), 0)·sign(offset)};
 * no relation if every |rev| < 1e-3; else {@code (dx, dy) = rev / ‖offset‖} and left of: dx < −0.5,
 * right of: dx > 0.5, above: dy < −0.5, below: dy > 0.5. A diagonal can satisfy two relations.
 * This is the published rule, shared by the sampler (to place objects) and the verifier (to judge).
 */
public final class PositionRule {
  public static final double POSITION_THRESHOLD = 0.1;
  public static final double RELATION_THRESHOLD = 0.5;

  private PositionRule() {}

  /** {dx, dy} of A relative to B, or {@code null} when the boxes stand in no relation. */
  public static double[] normalizedOffset(double[] boxA, double[] boxB) {
    double[] rev = new double[2];
    double[] offset = new double[2];
    boolean any = false;
    for (int axis = 0; axis < 2; axis++) {
      double centreA = (boxA[axis] + boxA[axis + 2]) / 2;
      double centreB = (boxB[axis] + boxB[axis + 2]) / 2;
      double dimA = Math.abs(boxA[axis + 2] - boxA[axis]);
      double dimB = Math.abs(boxB[axis + 2] - boxB[axis]);
      offset[axis] = centreA - centreB;
      rev[axis] = Math.max(Math.abs(offset[axis]) - POSITION_THRESHOLD * (dimA + dimB), 0) * Math.signum(offset[axis]);
      any |= Math.abs(rev[axis]) >= 1e-3;
    }
    if (!any) {
      return null;
    }
    double norm = Math.hypot(offset[0], offset[1]);
    return new double[] {rev[0] / norm, rev[1] / norm};
  }

  /** The set of relations of A relative to B. */
  public static Set<Relation> relations(double[] boxA, double[] boxB) {
    Set<Relation> out = EnumSet.noneOf(Relation.class);
    double[] d = normalizedOffset(boxA, boxB);
    if (d == null) {
      return out;
    }
    if (d[0] < -RELATION_THRESHOLD) out.add(Relation.LEFT_OF);
    if (d[0] > RELATION_THRESHOLD) out.add(Relation.RIGHT_OF);
    if (d[1] < -RELATION_THRESHOLD) out.add(Relation.ABOVE);
    if (d[1] > RELATION_THRESHOLD) out.add(Relation.BELOW);
    return out;
  }
}
