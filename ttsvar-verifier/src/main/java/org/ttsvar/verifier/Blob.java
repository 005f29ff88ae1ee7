package org.ttsvar.verifier;

import org.ttsvar.world.Colour;

/**
 * A connected region of foreground pixels of one colour: a candidate object.
 *
 * @param label the blob's number in {@link Segmentation#labels()}
 * @param pixels indices {@code y·width + x} of its pixels
 * @param rgb its colour, the per-channel median of its core (interior) pixels, 0xRRGGBB
 * @param colour the nearest named colour to {@code rgb}
 */
record Blob(int label, int[] pixels, int rgb, Colour colour) {
  int area() {
    return pixels.length;
  }
}
