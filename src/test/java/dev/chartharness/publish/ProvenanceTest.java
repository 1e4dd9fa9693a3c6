package dev.chartharness.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.base.HostProcess;
import dev.chartharness.charts.CleanCopy;
import dev.chartharness.publish.ProvenanceException.Problem;
import dev.chartharness.render.HelmCli;
import dev.chartharness.render.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Provenance: a package's .prov as helm package --sign writes it and helm verify checks it")
class ProvenanceTest {

  private static final String SIGNER = "Chart Harness Test <charts@example.org>";
  private static final String OTHER = "Somebody Else <else@example.org>";

  @TempDir
  static Path keys;

  /** An unprotected key, a passphrase-protected one, and a key nobody trusts. */
  static ThrowawayKey open;
  static ThrowawayKey locked;
  static ThrowawayKey stranger;
  static HelmCli helm;

  @TempDir
  Path work;

  @BeforeAll
  static void keys() {
    open = ThrowawayKey.generate(keys.resolve("open"), SIGNER, null);
    locked = ThrowawayKey.generate(keys.resolve("locked"), "Locked Test Key <locked@example.org>", "correct horse");
    stranger = ThrowawayKey.generate(keys.resolve("stranger"), OTHER, null);
    helm = HelmCli.locateOrBuild();
  }

  private static final Path COMMON = ProjectLayout.current().chart("common");

  private Path signedCommon(ThrowawayKey key) {
    return SignedPackages.signed(COMMON, work.resolve("signed"), key);
  }

  private static HostProcess.Result helmVerify(Path archive, Path keyring) {
    return helm.run(archive.getParent(), "verify", "--keyring", keyring.toString(), archive.toString());
  }

  /** The clear-signed text up to the signature: what Helm signs. */
  private static String signedText(Path prov) throws IOException {
    String text = Files.readString(prov);
    return text.substring(0, text.indexOf("-----BEGIN PGP SIGNATURE-----"));
  }

  @Nested
  @DisplayName("valid")
  class Valid {

    @Test
    @DisplayName("a signed package verifies against the public keyring, naming chart, digest and signer")
    void signedPackageVerifies() {
      Path archive = signedCommon(open);

      Provenance.Verification verified = Provenance.verify(archive, open.publicKeyring());

      assertThat(verified.chart()).isEqualTo("common 0.2.1");
      assertThat(verified.sha256()).isEqualTo("sha256:" + ArchiveContent.fileDigest(archive));
      assertThat(verified.signer()).isEqualTo(SIGNER);
      assertThat(verified.fingerprint()).isEqualTo(open.signingKey().fingerprint());
    }

    @Test
    @DisplayName("a passphrase-protected key signs once unlocked, and ASCII-armored keyrings serve for signing and verifying")
    void protectedKeyAndArmoredKeyrings() {
      Path archive = SignedPackages.packaged(COMMON, work);
      Provenance.sign(archive, SigningKey.fromKeyring(locked.armoredSecret(), "Locked Test Key", locked.passphraseChars()));

      assertThat(Provenance.verify(archive, locked.armoredPublic()).signer()).isEqualTo(locked.userId());
      assertThat(Provenance.verify(archive, locked.secretKeyring()).signer()).as("a secret keyring's public keys count, as in Helm")
          .isEqualTo(locked.userId());
    }

    @Test
    @DisplayName("the Helm 4 CLI's helm verify accepts the harness's .prov")
    void helmVerifiesHarnessProvenance() {
      Path archive = signedCommon(locked);

      HostProcess.Result result = helmVerify(archive, locked.publicKeyring());

      assertThat(result.succeeded()).as("helm verify: %s", result.tail()).isTrue();
      assertThat(result.output()).contains("Signed by: " + locked.userId())
          .contains("Chart Hash Verified: sha256:" + ArchiveContent.fileDigest(archive));
    }

    @Test
    @DisplayName("a .prov written by helm package --sign (the same throwaway key, its passphrase from a file) verifies in the harness")
    void harnessVerifiesHelmProvenance() throws IOException {
      Path chart = work.resolve("common");
      CleanCopy.copy(COMMON, chart, false);
      helm.call(work, "package", chart.toString(), "--sign", "--key", "Locked Test Key", "--keyring", locked.secretKeyring().toString(),
          "--passphrase-file", locked.passphraseFile().toString(), "-d", work.resolve("helm").toString());
      Path archive = work.resolve("helm/common-0.2.1.tgz");

      assertThat(Provenance.verify(archive, locked.publicKeyring()).signer()).isEqualTo(locked.userId());
    }

    @Test
    @DisplayName("the signed text is byte for byte Helm's, for this repository's common chart and a chart whose metadata needs every kind of YAML quoting")
    void signedTextIsHelms() throws IOException {
      Path tricky = trickyChart(work.resolve("tricky"));
      for (Path chart : new Path[] {COMMON, tricky}) {
        Path helmDirectory = work.resolve("helm-" + chart.getFileName());
        helm.call(work, "package", chart.toString(), "--sign", "--key", "Chart Harness Test", "--keyring", open.secretKeyring().toString(),
            "-d", helmDirectory.toString());
        Path helmArchive;
        try (var files = Files.list(helmDirectory)) {
          helmArchive = files.filter(file -> file.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
        Path ours = work.resolve("ours-" + chart.getFileName()).resolve(helmArchive.getFileName().toString());
        Files.createDirectories(ours.getParent());
        Files.copy(helmArchive, ours);

        Provenance.sign(ours, open.signingKey());

        assertThat(signedText(Provenance.fileFor(ours))).as("the signed text of %s", ours.getFileName())
            .isEqualTo(signedText(Provenance.fileFor(helmArchive)));
      }
    }

    /** Metadata that reaches go-yaml's quoting, folding, literal blocks, key order and Helm's omitted empty fields. */
    private Path trickyChart(Path chart) throws IOException {
      Files.createDirectories(chart.resolve("charts/sub"));
      Files.writeString(chart.resolve("charts/sub/Chart.yaml"), "apiVersion: v2\nname: sub\nversion: 1.0.0\n");
      Files.writeString(chart.resolve("Chart.yaml"), """
          apiVersion: v2
          name: tricky
          version: 1.2.3-rc.1+build.7
          appVersion: "1.0"
          description: "A description long enough to be folded at column eighty, with a colon: and # hash, and then some more words to wrap twice."
          home: "@home"
          kubeVersion: ">=1.20.0-0"
          deprecated: true
          keywords: ["true", "null", "", "08", "0x1F", "1e3", "2024-01-02", "12:30", "- dash", "key: value", "  leading", "café", "yes", "~", "<<", "'q'", "\\"dq\\""]
          maintainers:
            - name: Jane Doe
              email: jane@example.com
            - name: ""
          annotations:
            z10: ten
            z9: nine
            Zed: capital
            a_b: underscore
            "1": one
            multi: "line one\\nline two\\n"
            keep: "x\\n\\n"
            strip: "no newline\\nat end"
            spacey: " starts with a space\\nsecond"
            trail: "trailing space \\nnext"
            long: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbb ccccc"
            quoted: "\\"quoted\\" text that goes on and on for quite a while to pass the eighty column mark, indeed it does"
          dependencies:
            - name: sub
              version: "~1.0"
              repository: ""
              condition: sub.enabled,global.sub
              tags: [front, back]
              enabled: true
              alias: other
              import-values:
                - data
                - child: exports.x
                  parent: y
          """);
      return chart;
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {

    @Test
    @DisplayName("a package changed after signing fails naming the chart, the package and a digest mismatch; Helm refuses it too")
    void tamperedPackage() throws IOException {
      Path archive = signedCommon(open);
      SignedPackages.tamper(archive, COMMON, work);

      assertThatThrownBy(() -> Provenance.verify(archive, open.publicKeyring())).isInstanceOfSatisfying(ProvenanceException.class, e -> {
        assertThat(e.problem()).isEqualTo(Problem.DIGEST_MISMATCH);
        assertThat(e.chart()).isEqualTo("common 0.2.1");
        assertThat(e.getMessage()).contains("chart common 0.2.1 (" + archive + ")").contains("changed after it was signed");
      });
      assertThat(helmVerify(archive, open.publicKeyring()).error()).contains("sha256 sum does not match for common-0.2.1.tgz");
    }

    @Test
    @DisplayName("a package signed with another key fails naming the chart, the key id and the keyring")
    void wrongKey() {
      Path archive = signedCommon(stranger);

      assertThatThrownBy(() -> Provenance.verify(archive, open.publicKeyring())).isInstanceOfSatisfying(ProvenanceException.class, e -> {
        assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_SIGNER);
        assertThat(e.getMessage()).contains("chart common 0.2.1").contains("not in keyring " + open.publicKeyring());
      });
    }

    @Test
    @DisplayName("a package without a .prov fails naming the chart and the missing file")
    void missingProvenance() {
      Path archive = SignedPackages.packaged(COMMON, work);

      assertThatThrownBy(() -> Provenance.verify(archive, open.publicKeyring())).isInstanceOfSatisfying(ProvenanceException.class, e -> {
        assertThat(e.problem()).isEqualTo(Problem.MISSING_PROVENANCE);
        assertThat(e.getMessage()).contains("chart common 0.2.1").contains("no provenance file " + Provenance.fileFor(archive));
      });
    }

    @Test
    @DisplayName("a .prov whose signed digest was edited fails as a bad signature")
    void editedProvenance() throws IOException {
      Path archive = signedCommon(open);
      Path prov = Provenance.fileFor(archive);
      Files.writeString(prov, Files.readString(prov).replaceFirst("sha256:[0-9a-f]", "sha256:x"));

      assertThatThrownBy(() -> Provenance.verify(archive, open.publicKeyring())).isInstanceOfSatisfying(ProvenanceException.class,
          e -> assertThat(e.problem()).isEqualTo(Problem.BAD_SIGNATURE));
    }

    @Test
    @DisplayName("a renamed package fails: its .prov signs a digest for another file name")
    void renamedPackage() throws IOException {
      Path archive = signedCommon(open);
      Path renamed = archive.resolveSibling("common-9.9.9.tgz");
      Files.copy(archive, renamed);
      Files.copy(Provenance.fileFor(archive), Provenance.fileFor(renamed));

      assertThatThrownBy(() -> Provenance.verify(renamed, open.publicKeyring())).isInstanceOfSatisfying(ProvenanceException.class,
          e -> assertThat(e.problem()).isEqualTo(Problem.FILE_NOT_LISTED));
    }

    @Test
    @DisplayName("a wrong passphrase fails naming the keyring and the key")
    void wrongPassphrase() {
      assertThatThrownBy(() -> SigningKey.fromKeyring(locked.secretKeyring(), "Locked", "wrong".toCharArray()))
          .isInstanceOfSatisfying(ProvenanceException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.WRONG_PASSPHRASE);
            assertThat(e.getMessage()).contains("keyring " + locked.secretKeyring()).contains(locked.userId());
          });
    }

    @Test
    @DisplayName("a protected key without a passphrase fails saying how to give one")
    void missingPassphrase() {
      assertThatThrownBy(() -> SigningKey.fromKeyring(locked.secretKeyring(), "Locked", null))
          .isInstanceOfSatisfying(ProvenanceException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.PASSPHRASE_REQUIRED);
            assertThat(e.getMessage()).contains("--passphrase-file");
          });
    }

    @Test
    @DisplayName("a key name no user id contains fails naming the keyring and the keys it holds")
    void unknownKey() {
      assertThatThrownBy(() -> SigningKey.fromKeyring(open.secretKeyring(), "Nobody", null))
          .isInstanceOfSatisfying(ProvenanceException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.KEY_NOT_FOUND);
            assertThat(e.getMessage()).contains("\"Nobody\"").contains("keyring " + open.secretKeyring()).contains(SIGNER);
          });
    }

    @Test
    @DisplayName("a name two keys contain is ambiguous, as in Helm; the whole user id picks one")
    void ambiguousKey() throws IOException {
      Path both = work.resolve("both.gpg");
      Files.write(both, concat(Files.readAllBytes(open.secretKeyring()), Files.readAllBytes(stranger.secretKeyring())));

      assertThatThrownBy(() -> SigningKey.fromKeyring(both, "example.org", null)).isInstanceOfSatisfying(ProvenanceException.class,
          e -> assertThat(e.getMessage()).contains("more than one key").contains(SIGNER).contains(OTHER));
      assertThat(SigningKey.fromKeyring(both, OTHER, null).userId()).isEqualTo(OTHER);
    }

    @Test
    @DisplayName("a file that is no keyring (GnuPG 2's keybox, say) fails naming it and how to export a keyring")
    void notAKeyring() throws IOException {
      Path keybox = work.resolve("pubring.kbx");
      Files.write(keybox, new byte[] {0, 0, 0, 32, 1, 1, 0, 0, 'K', 'B', 'X', 'f'});

      assertThatThrownBy(() -> SigningKey.fromKeyring(keybox, "x", null)).isInstanceOfSatisfying(ProvenanceException.class, e -> {
        assertThat(e.problem()).isEqualTo(Problem.UNREADABLE_KEYRING);
        assertThat(e.getMessage()).contains(keybox.toString()).contains("gpg --export-secret-keys");
      });
    }

    private static byte[] concat(byte[] first, byte[] second) {
      byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
      System.arraycopy(second, 0, both, first.length, second.length);
      return both;
    }
  }
}
