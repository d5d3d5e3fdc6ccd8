/**
 * In-memory implementations of the store and the rate-limit counters: the embedded default, and
 * what test suites run against. Nothing here survives a restart.
 */
package dev.janua.memory;
