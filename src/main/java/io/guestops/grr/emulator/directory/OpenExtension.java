package io.guestops.grr.emulator.directory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An open extension (openTypeExtension) on a user. Its {@code id} in Graph equals its name. The
 * creating application is kept because Graph limits how many open extensions one application may
 * add to a directory object. {@code data} holds the custom properties as plain JSON values (String,
 * Number, Boolean, null, or a List of those), in the order they were written.
 */
public record OpenExtension(String name, String creatorAppId, Map<String, Object> data) {

    public OpenExtension {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data)); // a property may hold null
    }

    /** PATCH replaces the whole custom data: properties left out of the request are gone. */
    public OpenExtension withData(Map<String, Object> newData) {
        return new OpenExtension(name, creatorAppId, newData);
    }
}
