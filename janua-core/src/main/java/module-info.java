/**
 * Janua core: the {@code AuthEngine} API, the SPIs plug-ins implement, and the in-memory store.
 * Implementation packages are not exported, except {@code dev.janua.internal} to Janua's own
 * plug-in modules (they read their variables through the same {@code EnvReader}).
 */
module dev.janua.core {
  requires jjwt.api;
  requires bcrypt;
  requires com.eatthepath.otp;
  requires com.nulabinc.zxcvbn;
  requires com.github.benmanes.caffeine;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires java.net.http;
  // Nullness annotations are part of the API: readable by users, optional at run time.
  requires static transitive org.jspecify;

  exports dev.janua;
  exports dev.janua.spi;
  exports dev.janua.memory;
  exports dev.janua.internal to
      dev.janua.cache, dev.janua.jdbc, dev.janua.redis, dev.janua.metrics, dev.janua.mail;
}
