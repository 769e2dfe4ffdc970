package io.guestops.grr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.manifest.ManifestProblem;
import io.guestops.grr.manifest.ManifestValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The result of `validate` in the form its reader wants: lines for a person, JSON for a script,
 * GitHub workflow commands or a GitLab Code Quality report so CI marks the offending line.
 */
enum ProblemReport {
    TEXT, JSON, GITHUB, GITLAB;

    static final String OPTION = "output";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static ProblemReport of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageError("--output: expected text, json, github or gitlab, got '" + value + "'");
        }
    }

    String render(ManifestValidator.Result result, int files) {
        return switch (this) {
            case TEXT -> text(result, files);
            case JSON -> json(result, files);
            case GITHUB -> github(result, files);
            case GITLAB -> gitlab(result);
        };
    }

    private static String text(ManifestValidator.Result result, int files) {
        StringBuilder out = new StringBuilder();
        result.problems().forEach(p -> out.append(oneLine(p.toString())).append('\n'));
        return out.append(summary(result, files)).append('\n').toString();
    }

    static String summary(ManifestValidator.Result result, int files) {
        return result.resourcesChecked() + " GuestRedemptionReset(s) in " + files + " file(s): "
                + (result.passed() ? "valid" : result.problems().size() + " problem(s)")
                + (result.otherDocuments() == 0 ? "" : "; " + result.otherDocuments() + " other document(s) not checked");
    }

    private static String json(ManifestValidator.Result result, int files) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("valid", result.passed());
        root.put("files", files);
        root.put("resources", result.resourcesChecked());
        ArrayNode problems = root.putArray("problems");
        for (ManifestProblem p : result.problems()) {
            problems.addObject().put("file", p.file().toString()).put("line", p.line()).put("resource", p.resource())
                    .put("field", p.field()).put("message", p.message());
        }
        return write(root);
    }

    /** GitHub workflow commands: each becomes an annotation on the file and line in the pull request. */
    private static String github(ManifestValidator.Result result, int files) {
        StringBuilder out = new StringBuilder();
        for (ManifestProblem p : result.problems()) {
            out.append("::error file=").append(property(p.file().toString())).append(",line=").append(p.line())
                    .append(",title=").append(property("GuestRedemptionReset " + p.resource())).append("::")
                    .append(data((p.field().isEmpty() ? "" : p.field() + ": ") + p.message())).append('\n');
        }
        return out.append(summary(result, files)).append('\n').toString();
    }

    /** A GitLab Code Quality report (artifacts:reports:codequality). */
    private static String gitlab(ManifestValidator.Result result) {
        ArrayNode issues = MAPPER.createArrayNode();
        for (ManifestProblem p : result.problems()) {
            ObjectNode issue = issues.addObject();
            issue.put("description", oneLine(p.toString()));
            issue.put("check_name", "guest-redemption-operator/validate");
            issue.put("fingerprint", fingerprint(p));
            issue.put("severity", "major");
            ObjectNode location = issue.putObject("location");
            location.put("path", p.file().toString());
            location.putObject("lines").put("begin", p.line());
        }
        return write(issues);
    }

    private static String fingerprint(ManifestProblem problem) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(problem.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value written into a manifest can hold a line break; it must not forge another output line. */
    static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String data(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String property(String text) {
        return data(text).replace(":", "%3A").replace(",", "%2C");
    }

    private static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
