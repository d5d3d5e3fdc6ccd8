/**
 * Implementation of the HTTP adapter layer: bounded body reading and the malformed-JSON failure.
 * Not exported; nothing here is API.
 */
@NullMarked
package dev.janua.http.internal;

import org.jspecify.annotations.NullMarked;
