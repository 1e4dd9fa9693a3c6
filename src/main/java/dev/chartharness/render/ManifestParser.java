package dev.chartharness.render;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits Helm's multi-document output into typed objects, remembering each one's template. A document
 * that is not a Kubernetes object becomes a {@link RenderProblem} naming its template, line and text;
 * the other documents are still parsed.
 */
public final class ManifestParser {

  private static final Pattern SEPARATOR = Pattern.compile("---\\s*");
  private static final Pattern SOURCE = Pattern.compile("# Source: (.+)");
  private static final Pattern JACKSON_LOCATION = Pattern.compile("\\s*at \\[Source:.*$", Pattern.DOTALL);
  private static final KubernetesSerialization SERIALIZATION = lenientSerialization();
  private static final ObjectMapper STRICT_YAML = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ManifestParser() {
  }

  /**
   * One document of the output: its template, the line of that template's output it starts on (1 for the
   * first), and its text.
   *
   * @param source the template Helm named in its {@code # Source:} comment
   * @param firstLine the line of the template's rendered output that the document starts on
   * @param text the document, {@code # Source:} comment excluded
   */
  public record Document(String source, int firstLine, String text) {

    /** True when the document holds nothing but comments and blank lines. */
    public boolean isBlank() {
      return text.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
    }
  }

  /** What {@link #parse} found: the objects in order and the documents that are not objects. */
  public record Parsed(List<RenderedObject> objects, List<RenderProblem> problems) {
    public Parsed {
      objects = List.copyOf(objects);
      problems = List.copyOf(problems);
    }
  }

  /** Splits output into documents; a document without its own {@code # Source:} continues the previous template. */
  public static List<Document> documents(String manifest) {
    List<Document> documents = new ArrayList<>();
    String source = "(unknown template)";
    int fileLine = 0;
    int firstLine = 1;
    StringBuilder text = new StringBuilder();
    boolean fresh = true;
    for (String line : manifest.split("\n", -1)) {
      if (SEPARATOR.matcher(line).matches()) {
        documents.add(new Document(source, firstLine, text.toString()));
        text.setLength(0);
        fileLine++;
        firstLine = fileLine + 1;
        fresh = true;
        continue;
      }
      Matcher sourceLine = SOURCE.matcher(line);
      if (fresh && sourceLine.matches()) {
        source = sourceLine.group(1).strip();
        fileLine = 0;
        firstLine = 1;
        continue;
      }
      fresh = false;
      fileLine++;
      text.append(line).append('\n');
    }
    documents.add(new Document(source, firstLine, text.toString()));
    documents.removeIf(Document::isBlank);
    return documents;
  }

  /** Parses every non-empty document of Helm's output. */
  public static Parsed parse(String manifest) {
    List<RenderedObject> objects = new ArrayList<>();
    List<RenderProblem> problems = new ArrayList<>();
    for (Document document : documents(manifest)) {
      parse(document, false, objects, problems);
    }
    return new Parsed(objects, problems);
  }

  /** Parses one document into {@code objects}, or records why it is not an object in {@code problems}. */
  static void parse(Document document, boolean crd, List<RenderedObject> objects, List<RenderProblem> problems) {
    try {
      STRICT_YAML.readTree(document.text());
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String[] lines = document.text().split("\n", -1);
      String text = line > 0 && line <= lines.length ? lines[line - 1] : "";
      problems.add(new RenderProblem(document.source(), line > 0 ? document.firstLine() + line - 1 : 0, text,
          "not valid YAML: " + JACKSON_LOCATION.matcher(e.getOriginalMessage()).replaceAll("").strip().lines().findFirst().orElse("")));
      return;
    }
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(document.text());
    } catch (RuntimeException e) {
      problems.add(new RenderProblem(document.source(), 0, "", "not a Kubernetes object: " + e.getMessage()));
      return;
    }
    if (parsed instanceof KubernetesList list) {
      list.getItems().forEach(item -> objects.add(new RenderedObject(document.source(), item, crd)));
    } else if (parsed instanceof HasMetadata resource && resource.getKind() != null && resource.getMetadata() != null) {
      objects.add(new RenderedObject(document.source(), resource, crd));
    } else {
      problems.add(new RenderProblem(document.source(), 0, "", "not a Kubernetes object (no apiVersion/kind/metadata)"));
    }
  }

  /**
   * A mistyped field ({@code replicas: two}) is kept in the object's {@code additionalProperties}
   * under its own name instead of failing the whole parse, so validation can report it with its path.
   */
  private static KubernetesSerialization lenientSerialization() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.getUnmatchedFieldTypeModule().setRestrictToTemplates(false);
    serialization.getUnmatchedFieldTypeModule().setLogWarnings(false);
    return serialization;
  }
}
