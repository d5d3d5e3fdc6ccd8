/**
 * Implementation of the servlet integration: credential readers (the seam where API tokens will
 * join bearer tokens), path rules, request timing with or without janua-metrics, the request and
 * response wrappers, and JSON writing. Not exported; nothing here is API.
 */
@NullMarked
package dev.janua.servlet.internal;

import org.jspecify.annotations.NullMarked;
