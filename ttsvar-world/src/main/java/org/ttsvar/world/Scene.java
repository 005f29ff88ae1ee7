package org.ttsvar.world;

import java.util.List;

/**
 * A canvas of objects on a plain background.
 *
 * @param width canvas width in pixels
 * @param height canvas height in pixels
 * @param background background colour, 0xRRGGBB
 * @param objects the objects; their bounding squares do not overlap
 */
public record Scene(int width, int height, int background, List<SceneObject> objects) {
  public Scene {
    objects = List.copyOf(objects);
  }
}
