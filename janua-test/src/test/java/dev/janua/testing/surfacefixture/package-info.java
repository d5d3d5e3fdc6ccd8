/** A deliberately leaky API package {@code ApiSurfaceTest} runs {@code ApiSurface} on. */
@NullMarked
package dev.janua.testing.surfacefixture;

import org.jspecify.annotations.NullMarked;
