/**
 * MiniGenEval: GenEval's evaluation, rebuilt for the shapes world with classical image processing.
 * It shares no code with the generators or the reward models; from the world module it uses only
 * the vocabulary, the position formula, image IO, and the sampler and renderer to make training
 * data for its shape classifier.
 *
 * <h2>Pipeline</h2>
 *
 * <ol>
 *   <li>{@link org.ttsvar.verifier.Segmenter}: background = median of the image border; foreground =
 *       RGB distance from it above max(40, 4.5·σ_noise); 8-connected components, specks (&lt; 6 px)
 *       dropped; a component whose interior holds two named colours in two coherent regions is split
 *       between them; a one-coloured component that falls apart at half coverage (two objects bridged
 *       by blur) is split into its pieces.
 *   <li>{@link org.ttsvar.verifier.SoftMask}: per pixel, the share of the blob's colour (projection
 *       on colour − background), including the one-pixel fringe; the box is the extent of the pixels
 *       at least half covered (x2, y2 exclusive).
 *   <li>{@link org.ttsvar.verifier.ShapeFeatures}: the soft mask resampled on a 12×12 grid centred
 *       on its centroid, ±2.4 standard deviations per axis, plus the log aspect ratio.
 *   <li>{@link org.ttsvar.verifier.ShapeClassifier}: nearest neighbour over 720 examples (80 per
 *       class) rendered and degraded deterministically at first use ({@link
 *       org.ttsvar.verifier.ShapeTrainingSet}, ≈ 0.2–1 s); confidence = class certainty (softmax of
 *       squared nearest distances) × fit (how close the blob is to any real example), so garbage
 *       blobs score low.
 *   <li>Colour: per-channel median of the blob's interior pixels, named by the nearest of the ten
 *       GenEval colours in CIELAB ({@link org.ttsvar.verifier.ColourNames}).
 *   <li>{@link org.ttsvar.verifier.GenEvalRules}: GenEval's {@code evaluate()}, thresholds 0.3 / 0.9
 *       (counting), at most 16 detections per class, colour and position on the top-count
 *       detections, GenEval's failure wording.
 * </ol>
 *
 * <h2>Folders</h2>
 *
 * {@link org.ttsvar.verifier.FolderEvaluator} evaluates a GenEval-layout folder in parallel and
 * {@link org.ttsvar.verifier.ResultsFile} writes {@code results.jsonl} atomically. A folder with
 * missing or malformed metadata, missing images or unreadable images (empty, truncated, not PNG) is
 * refused as a whole with every problem listed: a corrupt file is a broken run, not a wrong picture,
 * and a score over a silently reduced set would not compare with other runs.
 */
package org.ttsvar.verifier;
