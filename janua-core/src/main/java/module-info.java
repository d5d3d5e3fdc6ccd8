/**
 * Janua core: the {@code AuthEngine} API, the SPIs plug-ins implement, and the in-memory store.
 * Implementation packages are not exported.
 */
module dev.janua.core {
  requires jjwt.api;
  requires bcrypt;
  requires com.github.benmanes.caffeine;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.janua;
  exports dev.janua.spi;
  exports dev.janua.memory;
}
