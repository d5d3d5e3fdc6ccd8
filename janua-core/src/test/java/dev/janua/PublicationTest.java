package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * What a company needs before it adopts the library, checked on the sources of the build: the
 * Apache-2.0 licence and the notice at the root, the licence, SCM and developer data in the POMs
 * (the parent's, which every module inherits, and the BOM's, which inherits nothing), and for every
 * artifact the BOM ships a description, a module name that does not come from the jar's file name,
 * and the sources and javadoc jars (the parent's {@code publication-jars} enforcer execution then
 * requires them on {@code verify}). The versions docs/compatibility.md lists are the POM's.
 */
class PublicationTest {
  /** The repository root: Surefire runs a module's tests in the module's directory. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** SHA-256 of the Apache License 2.0 as the ASF publishes it (LICENSE-2.0.txt, 11358 bytes). */
  private static final String APACHE_2_SHA256 =
      "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30";

  private static final String AUTHORS = "The Janua for Java authors";

  @Test
  void licence_isTheApacheLicense2Verbatim() throws Exception {
    byte[] licence = Files.readAllBytes(ROOT.resolve("LICENSE"));
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(licence));
    assertThat(sha256).as("LICENSE is the Apache License 2.0, unchanged")
        .isEqualTo(APACHE_2_SHA256);
  }

  @Test
  void notice_namesTheProjectAndItsCopyrightHolders() throws IOException {
    assertThat(Files.readString(ROOT.resolve("NOTICE"), StandardCharsets.UTF_8))
        .startsWith("Janua for Java\nCopyright ")
        .contains(AUTHORS)
        .contains("Apache License, Version 2.0");
  }

  @Test
  void readme_hasALicenceSection() throws IOException {
    assertThat(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8))
        .contains("## Licence")
        .contains("Apache License, Version 2.0")
        .contains("[LICENSE](LICENSE)")
        .contains("[NOTICE](NOTICE)");
  }

  @Test
  void parentPom_declaresLicenceUrlScmAndDevelopers() throws Exception {
    assertPublicationMetadata(pom(ROOT.resolve("pom.xml")), "parent POM");
  }

  @Test
  void bomPom_declaresTheSameMetadata_itInheritsNothing() throws Exception {
    Document parent = pom(ROOT.resolve("pom.xml"));
    Document bom = pom(ROOT.resolve("janua-bom/pom.xml"));
    assertPublicationMetadata(bom, "janua-bom");
    for (String field : List.of("url", "scm/connection", "scm/url", "licenses/license/url")) {
      assertThat(text(bom, "/project/" + field)).as("janua-bom " + field)
          .isEqualTo(text(parent, "/project/" + field));
    }
  }

  @Test
  void bom_listsEveryShippedModuleOfTheBuild() throws Exception {
    List<String> modules = texts(pom(ROOT.resolve("pom.xml")), "/project/modules/module");
    assertThat(modules).containsAll(shippedArtifacts().toList());
  }

  @ParameterizedTest
  @MethodSource("shippedArtifacts")
  void shippedModule_hasDescription_moduleName_andSourcesAndJavadocJars(String artifact)
      throws Exception {
    Path dir = ROOT.resolve(artifact);
    Document pom = pom(dir.resolve("pom.xml"));
    assertThat(text(pom, "/project/description")).as(artifact + " description").isNotBlank();
    assertThat(text(pom, "/project/properties/janua.publish.skip"))
        .as(artifact + " sets janua.publish.skip to false: its sources and javadoc jars are built")
        .isEqualTo("false");
    boolean moduleInfo = Files.exists(dir.resolve("src/main/java/module-info.java"));
    String automaticName = text(pom, "//plugin[artifactId='maven-jar-plugin']"
        + "/configuration/archive/manifestEntries/Automatic-Module-Name");
    assertThat(moduleInfo || automaticName.startsWith("dev.janua."))
        .as(artifact + " has a module-info.java or an Automatic-Module-Name dev.janua.*").isTrue();
    for (String inherited : List.of("licenses", "scm", "developers", "url")) {
      assertThat(texts(pom, "/project/" + inherited)).as(artifact + " inherits " + inherited)
          .isEmpty();
    }
  }

  @Test
  void modulesTheBomDoesNotShip_areNotDeployed_norBuildSourcesOrJavadoc() throws Exception {
    List<String> shipped = shippedArtifacts().toList();
    List<String> others =
        new ArrayList<>(texts(pom(ROOT.resolve("pom.xml")), "/project/modules/module"));
    others.removeAll(shipped);
    others.remove("janua-bom");
    assertThat(others).contains("examples", "benchmarks");
    for (String module : others) {
      Document pom = pom(ROOT.resolve(module).resolve("pom.xml"));
      assertThat(text(pom, "/project/properties/janua.publish.skip"))
          .as(module + " keeps the parent's janua.publish.skip").isEmpty();
      assertThat(text(pom, "/project/properties/maven.deploy.skip"))
          .as(module + " is not deployed").isEqualTo("true");
    }
    assertThat(text(pom(ROOT.resolve("pom.xml")), "/project/properties/janua.publish.skip"))
        .isEqualTo("true");
  }

  @Test
  void compatibilityDoc_listsTheVersionsTheBuildUses() throws Exception {
    Document parent = pom(ROOT.resolve("pom.xml"));
    List<String> doc =
        Files.readAllLines(ROOT.resolve("docs/compatibility.md"), StandardCharsets.UTF_8);
    // property -> what the row names
    Map<String, String> rows = Map.ofEntries(
        Map.entry("jjwt.version", "jjwt"), Map.entry("jackson.version", "Jackson"),
        Map.entry("bcrypt.version", "bcrypt"), Map.entry("caffeine.version", "Caffeine"),
        Map.entry("failsafe.version", "Failsafe"), Map.entry("lettuce.version", "Lettuce"),
        Map.entry("jdbi.version", "Jdbi"), Map.entry("hikari.version", "HikariCP"),
        Map.entry("postgresql.version", "PostgreSQL JDBC driver"),
        Map.entry("flyway.version", "Flyway"), Map.entry("micrometer.version", "Micrometer"),
        Map.entry("slf4j.version", "SLF4J"), Map.entry("junit.version", "JUnit"),
        Map.entry("assertj.version", "AssertJ"),
        Map.entry("testcontainers.version", "Testcontainers"));
    for (Map.Entry<String, String> row : rows.entrySet()) {
      String version = text(parent, "/project/properties/" + row.getKey());
      assertThat(version).as(row.getKey()).isNotBlank();
      assertThat(doc).as("docs/compatibility.md has a row for %s (%s) with %s", row.getValue(),
              row.getKey(), version)
          .anyMatch(line -> line.startsWith("| " + row.getValue() + " |")
              && line.contains("`" + row.getKey() + "`") && line.contains("| " + version + " |"));
    }
    // The pinning example: Boot's property name -> Janua's.
    Map<String, String> pins = Map.of("lettuce.version", "lettuce.version",
        "flyway.version", "flyway.version", "hikaricp.version", "hikari.version",
        "micrometer.version", "micrometer.version", "caffeine.version", "caffeine.version");
    for (Map.Entry<String, String> pin : pins.entrySet()) {
      String version = text(parent, "/project/properties/" + pin.getValue());
      String element = "<" + pin.getKey() + ">" + version + "</" + pin.getKey() + ">";
      assertThat(doc).as("docs/compatibility.md pins %s", element)
          .anyMatch(line -> line.strip().equals(element));
    }
    String jspecify = text(parent,
        "/project/dependencyManagement/dependencies/dependency[artifactId='jspecify']/version");
    assertThat(doc).as("docs/compatibility.md has a row for JSpecify with %s", jspecify)
        .anyMatch(line -> line.startsWith("| JSpecify |") && line.contains("| " + jspecify + " |"));
  }

  static Stream<String> shippedArtifacts() throws Exception {
    return texts(pom(ROOT.resolve("janua-bom/pom.xml")),
        "/project/dependencyManagement/dependencies/dependency/artifactId").stream();
  }

  private static void assertPublicationMetadata(Document pom, String what) throws Exception {
    assertThat(text(pom, "/project/description")).as(what + " description").isNotBlank();
    assertThat(text(pom, "/project/url")).as(what + " url").startsWith("https://");
    assertThat(text(pom, "/project/inceptionYear")).as(what + " inceptionYear").isEqualTo("2026");
    assertThat(texts(pom, "/project/licenses/license/name")).as(what + " licences")
        .containsExactly("Apache-2.0");
    assertThat(text(pom, "/project/licenses/license/url")).as(what + " licence url")
        .isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
    assertThat(text(pom, "/project/scm/connection")).as(what + " scm connection")
        .startsWith("scm:git:https://");
    assertThat(text(pom, "/project/scm/url")).as(what + " scm url").startsWith("https://");
    assertThat(texts(pom, "/project/developers/developer/name")).as(what + " developers")
        .containsExactly(AUTHORS);
  }

  private static Document pom(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    // POM paths are written without the namespace prefix.
    factory.setNamespaceAware(false);
    return factory.newDocumentBuilder().parse(file.toFile());
  }

  private static String text(Document doc, String xpath) throws Exception {
    List<String> all = texts(doc, xpath);
    return all.isEmpty() ? "" : all.get(0).strip();
  }

  private static List<String> texts(Document doc, String xpath) throws Exception {
    NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
        .evaluate(xpath, doc, XPathConstants.NODESET);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent().strip());
    }
    return out;
  }
}
