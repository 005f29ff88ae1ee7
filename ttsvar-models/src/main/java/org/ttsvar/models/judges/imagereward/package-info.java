/**
 * The paper's reward judge, family-neutral: ImageReward (THUDM) from its official {@code ImageReward.pt} —
 * BLIP's ViT image tower, a BERT text tower cross-attending to the image tokens, the MLP head and the
 * published normalisation. Parity goldens: {@code tools/parity/imagereward/}.
 */
package org.ttsvar.models.judges.imagereward;
