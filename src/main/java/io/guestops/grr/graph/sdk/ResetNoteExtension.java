package io.guestops.grr.graph.sdk;

import io.guestops.grr.graph.gateway.ResetRequestNote;
import com.microsoft.graph.models.Extension;
import com.microsoft.graph.models.OpenTypeExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ResetRequestNote} as the open extension that holds it on the guest: its name, and its
 * fields as custom properties named like the record's components (so a person reading the user's
 * extensions in Graph Explorer understands them). Graph allows 2 KB per open extension on a
 * directory object; the longest legal note (254-character email, 253-character request and resource
 * names, 63-character namespace) takes about 1 KB (ResetNotesContractTest sends it).
 */
final class ResetNoteExtension {

    static final String EMAIL = "email";
    static final String REQUEST = "request";
    static final String REQUESTED_AT = "requestedAt";
    static final String BASELINE = "baselineStateChangeTime";
    static final String REQUESTED_BY = "requestedBy";
    static final String ATTEMPTS = "attempts";
    static final String PREVIOUS_EMAIL = "previousEmail";

    private ResetNoteExtension() {}

    /** The body of the POST and of the PATCH: type and name (Graph asks for both on an update too), and every field. */
    static OpenTypeExtension of(ResetRequestNote note) {
        OpenTypeExtension extension = new OpenTypeExtension(); // its @odata.type is #microsoft.graph.openTypeExtension
        extension.setExtensionName(note.extensionName());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(EMAIL, note.email());
        data.put(REQUEST, note.request());
        data.put(REQUESTED_AT, note.requestedAt());
        data.put(BASELINE, note.baselineStateChangeTime());
        data.put(REQUESTED_BY, note.requestedBy());
        data.put(ATTEMPTS, note.attempts());
        data.put(PREVIOUS_EMAIL, note.previousEmail());
        extension.setAdditionalData(data);
        return extension;
    }

    /** The note an extension holds, or empty when the extension is not one of the operator's. */
    static Optional<ResetRequestNote> noteOf(Extension extension) {
        String name = nameOf(extension);
        if (name == null || !name.startsWith(ResetRequestNote.EXTENSION_PREFIX)) {
            return Optional.empty();
        }
        Map<String, Object> data = extension.getAdditionalData() == null ? Map.of() : extension.getAdditionalData();
        return Optional.of(new ResetRequestNote(text(data, EMAIL), text(data, REQUEST), text(data, REQUESTED_AT),
                text(data, BASELINE), text(data, REQUESTED_BY), count(data.get(ATTEMPTS)), text(data, PREVIOUS_EMAIL)));
    }

    /** On a user an extension's id equals its name; the name is preferred when Graph sends it. */
    private static String nameOf(Extension extension) {
        if (extension instanceof OpenTypeExtension open && open.getExtensionName() != null) {
            return open.getExtensionName();
        }
        return extension.getId();
    }

    /** A missing or non-text value reads as null: notes written by another version must not break the read. */
    private static String text(Map<String, Object> data, String key) {
        return data.get(key) instanceof String value ? value : null;
    }

    /** The SDK reads every JSON number as a Double; a number written as text is accepted too. */
    private static int count(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text && text.trim().matches("\\d{1,9}")) {
            return Integer.parseInt(text.trim());
        }
        return 0;
    }
}
