/**
 * A small Spring Boot application on janua-spring-boot-starter: the auth routes come from the
 * starter, {@link dev.janua.examples.spring.OrganizationController} is the application's own and
 * guards a route with {@code @PreAuthorize("@janua.hasPermission(...)")}.
 */
@NullMarked
package dev.janua.examples.spring;

import org.jspecify.annotations.NullMarked;
