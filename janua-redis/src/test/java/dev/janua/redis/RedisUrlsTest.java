package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import dev.janua.redis.RedisEndpoint.Kind;
import dev.janua.redis.RedisEndpoint.Node;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisUrlsTest {

  @Test
  void parse_guideDefault_isStandaloneDatabaseZero() {
    RedisEndpoint e = RedisUrls.parse("redis://localhost:6379/0");
    assertThat(e.kind()).isEqualTo(Kind.STANDALONE);
    assertThat(e.tls()).isFalse();
    assertThat(e.nodes()).containsExactly(new Node("localhost", 6379));
    assertThat(e.database()).isZero();
    assertThat(e.hasPassword()).isFalse();
  }

  @Test
  void parse_noPortNoDatabase_usesDefaults() {
    RedisEndpoint e = RedisUrls.parse("redis://cache.internal");
    assertThat(e.nodes()).containsExactly(new Node("cache.internal", 6379));
    assertThat(e.database()).isZero();
  }

  @Test
  void parse_databaseNumber_isKept() {
    RedisEndpoint e = RedisUrls.parse("redis://10.0.0.5:6380/3");
    assertThat(e.nodes()).containsExactly(new Node("10.0.0.5", 6380));
    assertThat(e.database()).isEqualTo(3);
    assertThat(LettuceUris.of(e, Duration.ofSeconds(1)).get(0).getDatabase()).isEqualTo(3);
  }

  @Test
  void parse_rediss_enablesTls() {
    RedisEndpoint e = RedisUrls.parse("rediss://:s3cret@redis.example.com:6380/1");
    assertThat(e.tls()).isTrue();
    assertThat(e.hasPassword()).isTrue();
    RedisURI uri = LettuceUris.of(e, Duration.ofSeconds(1)).get(0);
    assertThat(uri.isSsl()).isTrue();
    assertThat(uri.getDatabase()).isEqualTo(1);
  }

  @Test
  void parse_userAndPercentEncodedPassword_decodesBoth() {
    RedisEndpoint e = RedisUrls.parse("redis://app:p%40ss%2Fw0rd@h:6379/0");
    assertThat(e.username()).hasValue("app");
    RedisURI uri = LettuceUris.of(e, Duration.ofSeconds(1)).get(0);
    RedisCredentials cred = credentials(uri);
    assertThat(cred.getUsername()).isEqualTo("app");
    assertThat(new String(cred.getPassword())).isEqualTo("p@ss/w0rd");
  }

  @Test
  void parse_passwordWithoutColon_isAPasswordAsInLettuce() {
    RedisEndpoint e = RedisUrls.parse("redis://secret@h");
    assertThat(e.username()).isEmpty();
    RedisCredentials cred = credentials(LettuceUris.of(e, Duration.ofSeconds(1)).get(0));
    assertThat(cred.hasUsername()).isFalse();
    assertThat(new String(cred.getPassword())).isEqualTo("secret");
  }

  @Test
  void parse_guideSentinelUrl_isSentinelWithMasterAndDatabase() {
    RedisEndpoint e = RedisUrls.parse(
        "redis+sentinel://sentinel1:26379,sentinel2:26379,sentinel3:26379/mymaster/0");
    assertThat(e.kind()).isEqualTo(Kind.SENTINEL);
    assertThat(e.sentinelMaster()).hasValue("mymaster");
    assertThat(e.nodes()).containsExactly(new Node("sentinel1", 26379),
        new Node("sentinel2", 26379), new Node("sentinel3", 26379));
    List<RedisURI> uris = LettuceUris.of(e, Duration.ofSeconds(1));
    assertThat(uris).hasSize(1);
    assertThat(uris.get(0).getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(uris.get(0).getSentinels()).hasSize(3);
  }

  @Test
  void parse_lettuceSentinelSpellingAndDefaultPort_accepted() {
    RedisEndpoint e = RedisUrls.parse("redis-sentinel://s1,s2:26380/mymaster/2");
    assertThat(e.kind()).isEqualTo(Kind.SENTINEL);
    assertThat(e.nodes()).containsExactly(new Node("s1", 26379), new Node("s2", 26380));
    assertThat(e.database()).isEqualTo(2);
  }

  @Test
  void parse_sentinelWithoutMaster_throwsNamingTheMaster() {
    assertThatThrownBy(() -> RedisUrls.parse("redis+sentinel://s1:26379"))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("master name");
  }

  @Test
  void parse_guideClusterList_isClusterWithEveryNode() {
    RedisEndpoint e = RedisUrls.parse("redis://node1:6379,node2:6379,node3:6379");
    assertThat(e.kind()).isEqualTo(Kind.CLUSTER);
    assertThat(e.nodes()).containsExactly(new Node("node1", 6379), new Node("node2", 6379),
        new Node("node3", 6379));
    assertThat(LettuceUris.of(e, Duration.ofSeconds(1))).hasSize(3);
  }

  @Test
  void parse_clusterWithNonZeroDatabase_throws() {
    assertThatThrownBy(() -> RedisUrls.parse("redis://n1,n2/2"))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("database 0");
  }

  @Test
  void parse_ipv6InBrackets_parsesHostAndPort() {
    RedisEndpoint e = RedisUrls.parse("redis://[::1]:6390/0");
    assertThat(e.nodes()).containsExactly(new Node("::1", 6390));
    assertThat(e.redacted()).isEqualTo("redis://[::1]:6390/0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://h:6379", "localhost:6379", "redis://", "redis://h:port/0",
      "redis://h:70000", "redis://h/abc", "redis://h:6379/0?timeout=1s", "redis://h,,i",
      "redis://user:@h", "redis://h/0/1"})
  void parse_malformed_throwsConfigErrorNamingRedisUrl(String url) {
    assertThatThrownBy(() -> RedisUrls.parse(url))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("REDIS_URL"))
        .hasMessageStartingWith("REDIS_URL: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis://:hunter2@h:bad/0", "ftp://:hunter2@h", "redis://:hunter2@h/x",
      "redis://:hunter2@h:6379/0?x=1", "redis+sentinel://:hunter2@s1"})
  void parse_malformedWithPassword_neverShowsThePassword(String url) {
    assertThatThrownBy(() -> RedisUrls.parse(url))
        .isInstanceOf(JanuaConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void redacted_withPassword_hidesIt() {
    RedisEndpoint e = RedisUrls.parse("rediss://app:hunter2@h:6380/1");
    assertThat(e.redacted()).isEqualTo("rediss://app:***@h:6380/1");
    assertThat(e.toString()).doesNotContain("hunter2");
    RedisConnectionConfig c = RedisConnectionConfig.builder().endpoint(e).build();
    assertThat(c.toString()).doesNotContain("hunter2");
    for (RedisURI uri : LettuceUris.of(e, Duration.ofSeconds(1))) {
      assertThat(uri.toString()).doesNotContain("hunter2");
    }
  }

  private static RedisCredentials credentials(RedisURI uri) {
    return uri.getCredentialsProvider().resolveCredentials().block();
  }

  @Test
  void parse_null_throwsNullPointer() {
    assertThatThrownBy(() -> RedisUrls.parse(null)).isInstanceOf(NullPointerException.class);
  }
}
