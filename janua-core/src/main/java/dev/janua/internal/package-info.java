/**
 * Implementation shared by the core and Janua's own plug-in modules: token issuing and
 * verification, keys and JWKS, bcrypt hashing, input and permission checks, refresh-token
 * generation, IP literal and CIDR parsing, environment variable reading ({@code EnvReader}), the
 * guard around metrics recorders. Exported only to Janua's modules; no compatibility promise.
 */
@NullMarked
package dev.janua.internal;

import org.jspecify.annotations.NullMarked;
