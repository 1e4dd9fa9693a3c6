package dev.chartharness.base;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;

/**
 * Embedded Helm's native library (helm-java's Go build of Helm, about 100 MB) loaded from the harness cache
 * ({@code helm-java/<crc32>-<size>/}), unpacked there once per library version, instead of helm-java's own way:
 * unpacking it from its jar into a new {@code /tmp/helm-java*} directory at every JVM start (about 0.5 s on 2 cores, and
 * left behind whenever the JVM is killed). helm-java takes the first {@link NativeLibrary} its service loader finds;
 * this one is registered in the harness's jar, which comes before helm-java's on a classpath. The file carries a
 * SHA-256 record as every cached file does ({@link HarnessCache#isIntact}); where the cache cannot be written, or the
 * library is not in a jar, helm-java's own loading runs.
 */
public final class CachedHelmLibrary implements NativeLibrary {

  /** Where the library of helm-java's platform jar is kept: by its jar entry's CRC-32 and size, known without unpacking it. */
  static Path cachedFile(String binaryName, long crc, long size) {
    return HarnessCache.directory().resolve("helm-java").resolve(String.format(Locale.ROOT, "%08x-%d", crc, size)).resolve(binaryName);
  }

  @Override
  public String getBinaryName() {
    return platformLibrary().getBinaryName();
  }

  @Override
  public HelmLib load() {
    NativeLibrary platform = platformLibrary();
    Path cached;
    try {
      cached = cache(platform);
    } catch (IOException | RuntimeException e) {
      cached = null;
    }
    if (cached == null) {
      return platform.load();
    }
    HelmLib helm = Native.load(cached.toString(), HelmLib.class);
    // As helm-java's own loading does: stop the repository servers a test may have left running.
    Runtime.getRuntime().addShutdownHook(new Thread(helm::RepoServerStopAll, "helm-java repository servers"));
    return helm;
  }

  /** The platform's library (helm-java's provider for this machine), which holds the binary in its jar. */
  private static NativeLibrary platformLibrary() {
    for (NativeLibrary library : ServiceLoader.load(NativeLibrary.class, CachedHelmLibrary.class.getClassLoader())) {
      if (!(library instanceof CachedHelmLibrary)) {
        return library;
      }
    }
    throw new IllegalStateException("No NativeLibrary implementation found, please add one of the supported dependencies to your project");
  }

  /** The cached library, unpacked first if it is not there intact; null where the binary is not a jar entry. */
  static Path cache(NativeLibrary platform) throws IOException {
    String name = platform.getBinaryName();
    URL resource = platform.getClass().getResource("/" + name);
    if (resource == null) {
      return null;
    }
    URLConnection connection = resource.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      return null;
    }
    JarEntry entry = jar.getJarEntry();
    if (entry.getCrc() < 0 || entry.getSize() < 0) {
      return null;
    }
    Path file = cachedFile(name, entry.getCrc(), entry.getSize());
    if (HarnessCache.isIntact(file) && Files.size(file) == entry.getSize()) {
      return file;
    }
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling(name + ".partial-" + ProcessHandle.current().pid());
    MessageDigest sha256 = Digests.sha256();
    try (InputStream in = platform.getClass().getResourceAsStream("/" + name);
         OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
      in.transferTo(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    long unpacked = Files.size(partial);
    if (unpacked != entry.getSize()) {
      Files.deleteIfExists(partial);
      throw new IOException("unpacked " + unpacked + " bytes of " + name + ", its jar entry has " + entry.getSize());
    }
    // A JVM that has the previous file loaded keeps it: the move gives the name a new file.
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    HarnessCache.writeRecord(file, HexFormat.of().formatHex(sha256.digest()));
    return file;
  }
}
