package dev.janua.testing.surfacefixture.unmarked;

/** Lives in a package without package-info, on purpose. */
public final class Plain {}
