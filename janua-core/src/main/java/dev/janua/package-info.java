/**
 * The Janua API: {@link dev.janua.AuthEngine} and its builder, configuration, the request and
 * result records, and the {@link dev.janua.JanuaException} tree.
 */
package dev.janua;
