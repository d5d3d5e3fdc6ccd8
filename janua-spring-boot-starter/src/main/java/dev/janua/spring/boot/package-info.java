/**
 * Janua for Spring Boot 4: {@link dev.janua.spring.boot.JanuaAutoConfiguration} builds an
 * {@code AuthEngine} bean from {@link dev.janua.spring.boot.JanuaProperties} ({@code janua.*}) with
 * the plugins the class path enables; {@link dev.janua.spring.boot.JanuaSecurityAutoConfiguration}
 * authenticates bearer tokens in Spring Security ({@link dev.janua.spring.boot.JanuaAuthentication})
 * and registers the {@code @janua} bean ({@link dev.janua.spring.boot.JanuaPermissions}); {@link
 * dev.janua.spring.boot.JanuaWebAutoConfiguration} serves the auth routes and contributes actuator
 * health. See docs/spring-boot.md.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua.spring.boot;

import org.jspecify.annotations.NullMarked;
