/**
 * Janua's framework-neutral HTTP adapter layer: what every web-framework adapter shares (bearer
 * parsing, JSON bodies, the error shape, rate-limit headers, request ids). It imports no web
 * framework. The implementation package is not exported.
 */
module dev.janua.http {
  requires transitive dev.janua.core;
  // JsonCodec#mapper() hands out its ObjectMapper.
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.janua.http;
  // Jackson binds the request and writes the response records by reflection.
  opens dev.janua.http to com.fasterxml.jackson.databind;
}
