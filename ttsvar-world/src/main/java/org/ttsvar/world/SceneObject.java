package org.ttsvar.world;

/**
 * One object of a scene. Coordinates are in pixels of the canvas, continuous (pixel (x, y) covers
 * [x, x+1) × [y, y+1)).
 *
 * @param shape the class
 * @param colour the colour name it was drawn from
 * @param rgb the painted colour, 0xRRGGBB (the canonical colour with a little jitter)
 * @param centreX centre of the bounding square
 * @param centreY centre of the bounding square
 * @param size side of the bounding square
 */
public record SceneObject(ShapeClass shape, Colour colour, int rgb, double centreX, double centreY, double size) {
  public double left() {
    return centreX - size / 2;
  }

  public double right() {
    return centreX + size / 2;
  }

  public double top() {
    return centreY - size / 2;
  }

  public double bottom() {
    return centreY + size / 2;
  }
}
