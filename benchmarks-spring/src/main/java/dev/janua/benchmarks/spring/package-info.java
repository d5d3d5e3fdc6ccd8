/** A minimal Spring Boot resource server, the peer of the HTTP load comparison. */
package dev.janua.benchmarks.spring;
