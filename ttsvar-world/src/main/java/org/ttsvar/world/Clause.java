package org.ttsvar.world;

import java.util.Objects;

/**
 * One include or exclude requirement of GenEval's metadata: at least {@code count} objects of
 * {@code shape}; optionally all of them (the top-{@code count} detections) in {@code colour};
 * optionally in {@code position} relative to the objects matched by another include clause.
 *
 * @param shape the object class
 * @param count how many objects the clause asks for (≥ 1); for an exclude clause, the image fails
 *     when this many or more are present
 * @param colour the required colour, or {@code null} when any colour will do
 * @param position the required relation to another include clause, or {@code null}
 */
public record Clause(ShapeClass shape, int count, Colour colour, Position position) {

  /** GenEval's {@code "position": [relation, target]}: this clause's objects are {@code relation} the target's. */
  public record Position(Relation relation, int target) {
    public Position {
      Objects.requireNonNull(relation, "relation");
      if (target < 0) {
        throw new IllegalArgumentException("position target must be an include index ≥ 0, got " + target);
      }
    }
  }

  public Clause {
    Objects.requireNonNull(shape, "shape");
    if (count < 1) {
      throw new IllegalArgumentException("clause count must be ≥ 1, got " + count + " for " + shape.noun());
    }
  }

  public static Clause of(ShapeClass shape, int count) {
    return new Clause(shape, count, null, null);
  }

  public Clause withColour(Colour c) {
    return new Clause(shape, count, c, position);
  }

  public Clause withPosition(Relation relation, int target) {
    return new Clause(shape, count, colour, new Position(relation, target));
  }

  public boolean hasColour() {
    return colour != null;
  }

  public boolean hasPosition() {
    return position != null;
  }
}
