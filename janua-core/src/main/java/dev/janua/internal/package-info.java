/** Implementation: tokens, passwords, permissions. Not exported; no compatibility promise. */
package dev.janua.internal;
