/**
 * JMH benchmarks of Janua's hot paths, each measured in the same run as its floor (the bare
 * cryptography or round trip underneath) or its peer (what a user would pick instead); the {@link
 * dev.janua.benchmarks.Summary} table of ratios; and the HTTP {@link dev.janua.benchmarks.LoadDriver}.
 * Run them with {@code ./bench} at the repository root; nothing here runs in {@code mvn verify}.
 */
package dev.janua.benchmarks;
