package io.guestops.grr.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax rules of k8s.io/apimachinery/pkg/util/validation for object names, label keys and
 * label values, with the API server's messages word for word (users read them in kubectl).
 */
final class NameSyntax {

    static final int SUBDOMAIN_MAX = 253;
    static final int LABEL_MAX = 63;

    private static final String LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FORMAT = LABEL_FORMAT + "(\\." + LABEL_FORMAT + ")*";
    private static final String QUALIFIED_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String LABEL_VALUE_FORMAT = "(" + QUALIFIED_NAME_FORMAT + ")?";

    private static final String SUBDOMAIN_MESSAGE = regexError("a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            SUBDOMAIN_FORMAT, "example.com");
    private static final String LABEL_MESSAGE = regexError("a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character",
            LABEL_FORMAT, "my-name", "123-abc");
    private static final String QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";

    private NameSyntax() {
    }

    /** IsDNS1123Subdomain: most object names. */
    static List<String> subdomainErrors(String value) {
        return errors(value, SUBDOMAIN_MAX, SUBDOMAIN_FORMAT, SUBDOMAIN_MESSAGE);
    }

    /** IsDNS1123Label: namespace names. */
    static List<String> labelErrors(String value) {
        return errors(value, LABEL_MAX, LABEL_FORMAT, LABEL_MESSAGE);
    }

    /** IsQualifiedName (label keys), the messages joined with "; " as the selector parser joins them. */
    static Optional<String> qualifiedNameError(String value) {
        List<String> errors = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            name = parts[1];
            if (parts[0].isEmpty()) {
                errors.add("prefix part must be non-empty");
            } else {
                subdomainErrors(parts[0]).forEach(e -> errors.add("prefix part " + e));
            }
        } else {
            return Optional.of("a qualified name " + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT,
                    "MyName", "my.name", "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (name.length() > LABEL_MAX) {
            errors.add("name part " + maxLength(LABEL_MAX));
        }
        if (!Pattern.matches(QUALIFIED_NAME_FORMAT, name)) {
            errors.add("name part " + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, "MyName", "my.name", "123-abc"));
        }
        return errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors));
    }

    /** IsValidLabelValue. */
    static Optional<String> labelValueError(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > LABEL_MAX) {
            errors.add(maxLength(LABEL_MAX));
        }
        if (!Pattern.matches(LABEL_VALUE_FORMAT, value)) {
            errors.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character", LABEL_VALUE_FORMAT, "MyValue", "my_value", "12345"));
        }
        return errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors));
    }

    /** Go's %q for the plain strings that reach here. */
    static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> errors(String value, int max, String format, String message) {
        List<String> errors = new ArrayList<>();
        if (value.length() > max) {
            errors.add(maxLength(max));
        }
        if (!Pattern.matches(format, value)) {
            errors.add(message);
        }
        return errors;
    }

    private static String maxLength(int max) {
        return "must be no more than " + max + " characters";
    }

    /** validation.RegexError, including its double space before "or". */
    private static String regexError(String message, String format, String... examples) {
        StringBuilder out = new StringBuilder(message).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                out.append(" or ");
            }
            out.append('\'').append(examples[i]).append("', ");
        }
        return out.append("regex used for validation is '").append(format).append("')").toString();
    }
}
