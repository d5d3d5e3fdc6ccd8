/**
 * Implementation of the Spring Boot starter: the settings resolver, the plugin over the
 * application's DataSource, the bearer-token filter and the JSON error responder. Not API.
 */
@NullMarked
package dev.janua.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
