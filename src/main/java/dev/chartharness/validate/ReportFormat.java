package dev.chartharness.validate;

import java.util.List;

/** How a validation report is written: one line per finding, JSON, or JUnit XML (one test case per finding) for CI tools. */
public enum ReportFormat {
  TEXT, JSON, JUNIT;

  /** The findings in this format; {@code suite} names the report (the chart). */
  public String write(List<Finding> findings, String suite) {
    StringBuilder out = new StringBuilder();
    switch (this) {
      case TEXT -> findings.forEach(finding -> out.append(finding).append('\n'));
      case JSON -> {
        out.append("{\"chart\":").append(json(suite)).append(",\"errors\":").append(findings.stream().filter(Finding::isError).count())
            .append(",\"warnings\":").append(findings.stream().filter(finding -> !finding.isError()).count()).append(",\"findings\":[");
        for (int i = 0; i < findings.size(); i++) {
          Finding finding = findings.get(i);
          out.append(i == 0 ? "" : ",").append("{\"severity\":").append(json(finding.severity().name()))
              .append(",\"rule\":").append(json(finding.rule())).append(",\"object\":").append(json(finding.object()))
              .append(",\"field\":").append(json(finding.field())).append(",\"message\":").append(json(finding.message()))
              .append(",\"hook\":").append(finding.hook().isEmpty() ? "null" : json(finding.hook())).append('}');
        }
        out.append("]}\n");
      }
      case JUNIT -> {
        long errors = findings.stream().filter(Finding::isError).count();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"").append(xml("validate " + suite))
            .append("\" tests=\"").append(Math.max(findings.size(), 1)).append("\" failures=\"").append(errors).append("\">\n");
        if (findings.isEmpty()) {
          out.append("  <testcase classname=\"").append(xml(suite)).append("\" name=\"no findings\"/>\n");
        }
        for (Finding finding : findings) {
          out.append("  <testcase classname=\"").append(xml(finding.object())).append("\" name=\"")
              .append(xml(finding.field() + " [" + finding.rule() + "]")).append('"');
          if (finding.isError()) {
            out.append(">\n    <failure message=\"").append(xml(finding.message())).append("\">").append(xml(finding.toString()))
                .append("</failure>\n  </testcase>\n");
          } else {
            out.append(">\n    <system-out>").append(xml(finding.toString())).append("</system-out>\n  </testcase>\n");
          }
        }
        out.append("</testsuite>\n");
      }
      default -> throw new IllegalStateException(name());
    }
    return out.toString();
  }

  private static String json(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
