package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.charts.CleanCopy;
import dev.chartharness.render.ProjectLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input, a row each: the exit code (2 for a usage error, 1 for a failure), a message that names the option,
 * file, object or field, and nothing on disk changed. {@code CHART} stands for a copy of a valid chart, {@code TMP}
 * for a scratch directory; arguments are separated by spaces, {@code SPACE} stands for a space inside one.
 */
@DisplayName("Bad input gets a clear error naming what is wrong, the right exit code, and changes nothing on disk")
class BadInputTest {

  @TempDir
  static Path work;
  static Path chart;

  @BeforeAll
  static void copies() throws IOException {
    chart = work.resolve("charts/valid");
    CleanCopy.copy(ProjectLayout.current().root().resolve("src/test/resources/fixtures/valid"), chart, true);
    Files.writeString(work.resolve("values.yaml"), "web:\n  replicaCount: 2\n");
    Files.writeString(work.resolve("broken.yaml"), "web: [unclosed\n");
    Files.writeString(work.resolve("list.yaml"), "- a\n- b\n");
    Files.createDirectories(work.resolve("a-directory"));
    Files.writeString(work.resolve("huge.yaml"), "web:\n  note: \"" + "x".repeat(3 * 1024 * 1024 + 10) + "\"\n");
  }

  @ParameterizedTest(name = "{0} -> exit {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "bench --iterations abc                              | 2 | --iterations takes a positive whole number, got \"abc\"",
      "bench --iterations 0                                | 2 | --iterations takes a positive whole number, got \"0\"",
      "bench --iterations -3                               | 2 | --iterations takes a positive whole number",
      "bench --iterations                                  | 2 | --iterations needs a value",
      "bench --scale 0                                     | 2 | --scale takes positive whole numbers separated by commas (e.g. 1,10,50), got \"0\"",
      "bench --scale abc                                   | 2 | --scale takes positive whole numbers separated by commas (e.g. 1,10,50), got \"abc\"",
      "bench --scale 1,,10                                 | 2 | --scale takes positive whole numbers separated by commas (e.g. 1,10,50), got \"1,,10\"",
      "bench --scale=                                      | 2 | --scale takes positive whole numbers separated by commas (e.g. 1,10,50), got \"\"",
      "bench --scale                                       | 2 | --scale needs a value",
      "bench --scale 1 --workers 0                         | 2 | --workers takes a positive whole number, got \"0\"",
      "bench --workers 2                                   | 2 | --workers goes with --scale N[,N...]",
      "bench --scale 1 --cluster k3s                       | 2 | --scale runs on --cluster local or kubeconfig:PATH, not k3s",
      "bench --scale 1 --iterations 3                      | 2 | --iterations is for the render bench; --scale runs only the scale part",
      "lint CHART --set replicaCount=abc                   | 2 | unknown option --set (this command takes no values)",
      "render CHART --set =3                               | 2 | --set takes KEY=VALUE[,KEY=VALUE...], got \"=3\" (a key is empty)",
      "render CHART --set noequals                         | 2 | --set takes KEY=VALUE",
      "render CHART --set a=1,=2                           | 2 | (a key is empty)",
      "render CHART --set                                  | 2 | --set needs a value",
      "render CHART --kube-version banana                  | 2 | --kube-version: Kubernetes version \"banana\" is invalid",
      "render CHART --kube-version 99.99                   | 2 | --kube-version: Kubernetes version \"99.99\" is invalid",
      "render CHART --kube-version=                        | 2 | --kube-version: Kubernetes version \"\" is invalid",
      "render CHART --kube-version 2.0                     | 2 | --kube-version: Kubernetes version \"2.0\" is invalid",
      "render CHART --namespace Bad_NS                     | 2 | --namespace: namespace \"Bad_NS\" is invalid",
      "render CHART --namespace=                           | 2 | --namespace: namespace \"\" is invalid",
      "render CHART --release UPPER                        | 2 | --release: release name \"UPPER\" is invalid",
      "render CHART --release --manifest                   | 2 | --release needs a value, got the option --manifest",
      "render CHART --manifest=yes                         | 2 | --manifest takes no value (or true/false), got yes",
      "render CHART --unknown                              | 2 | unknown option --unknown",
      "render CHART -x                                     | 2 | unknown option -x",
      "render                                              | 2 | missing CHART_DIR",
      "render CHART -f TMP/a-directory                     | 1 | is a directory, not a file",
      "render CHART -f TMP/missing.yaml                    | 1 | values file",
      "render TMP/no-such-chart                            | 1 | not a chart",
      "render TMP/values.yaml                              | 1 | not a chart archive",
      "validate CHART --policy=                            | 2 | --policy takes RULE=error|warning|off",
      "validate CHART --policy resources=off,              | 2 | --policy takes RULE=error|warning|off, got \"\"",
      "validate CHART --policy resources                   | 2 | --policy takes RULE=error|warning|off, got \"resources\"",
      "validate CHART --policy resources=maybe             | 2 | --policy level must be error, warning or off, got maybe",
      "validate CHART --policy nosuchrule=off              | 2 | --policy: ",
      "validate CHART --output xml                         | 2 | --output takes text, json or junit, got xml",
      "validate CHART --crd TMP/missing-crd.yaml           | 2 | --crd: CRD file",
      "validate CHART --crd TMP/values.yaml                | 2 | holds no CustomResourceDefinition",
      "validate CHART -f TMP/broken.yaml                   | 1 | broken.yaml",
      "validate CHART -f TMP/huge.yaml                     | 1 | huge.yaml is 3145754 bytes; the harness reads at most 3145728",
      "validate CHART -f TMP/list.yaml                     | 1 | list.yaml",
      "publish --repo TMP/repo --oci oci://                | 2 | --oci takes oci://HOST[:PORT]/PATH, got \"oci://\"",
      "publish --oci oci://host:99999/charts               | 2 | port 99999 is out of range",
      "publish --oci oci://host:5000                       | 2 | no PATH after the host",
      "publish --oci oci://hoSPACEst/charts                | 2 | --oci takes oci://HOST[:PORT]/PATH",
      "publish --oci http://host/charts                    | 2 | --oci takes oci://HOST[:PORT]/PATH, got \"http://host/charts\"",
      "publish                                             | 2 | give --repo DIR, --oci oci://HOST/PATH or both",
      "publish --url https://x --oci oci://h/c             | 2 | --url needs --repo",
      "publish --oci oci://h/c --username me               | 2 | --username and --password-stdin go together",
      "publish --repo TMP/repo --sign                      | 2 | --sign needs --key NAME and --keyring FILE",
      "publish --repo TMP/repo --sign --key me             | 2 | --sign needs --key NAME and --keyring FILE",
      "publish --repo TMP/repo --key me                    | 2 | --key needs --sign",
      "publish --repo TMP/repo --passphrase-file TMP/p     | 2 | --passphrase-file needs --sign",
      "publish --oci oci://h/c --username me --password-stdin --sign --key me --keyring TMP/k --passphrase-file - | 2 | cannot both read standard input",
      "publish --repo TMP/repo --sign --key me --keyring TMP/missing.gpg | 1 | keyring TMP/missing.gpg does not exist",
      "publish --repo TMP/repo --sign --key me --keyring TMP/values.yaml | 1 | keyring TMP/values.yaml is not an OpenPGP keyring",
      "verify CHART --helm banana                          | 2 | --helm: unknown Helm backend \"banana\"",
      "verify CHART --timeout abc                          | 2 | --timeout takes a positive number of seconds, got \"abc\"",
      "verify CHART --verify-timeout 0                     | 2 | --verify-timeout takes a positive number of seconds",
      "verify CHART --cluster nowhere                      | 2 | unknown cluster nowhere",
      "upgrade-check SPACE CHART                           | 2 | BASE: no base",
      "up --env nosuchenv --detach --cluster none          | 1 | nosuchenv",
      "nosuchverb                                          | 2 | unknown command: nosuchverb",
  })
  @DisplayName("one bad input")
  void badInput(String line, int exit, String message) throws IOException {
    Map<String, String> before = digests(work);
    List<String> args = new ArrayList<>();
    for (String arg : line.strip().split("\\s+")) {
      args.add(arg.replace("CHART", chart.toString()).replace("TMP", work.toString()).replace("SPACE", " "));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as("exit code of %s; it printed:%n%s", line, printed).isEqualTo(exit);
    assertThat(printed).as("message of %s", line).contains(message.replace("TMP", work.toString()));
    assertThat(digests(work)).as("the files after %s", line).isEqualTo(before);
  }

  private static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        digests.put(root.relativize(path).toString(), Files.isDirectory(path) ? "directory" : sha256(Files.readAllBytes(path)));
      }
    }
    return digests;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
