package io.guestops.grr.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** Runs the committed Argo CD health check (manifests/argocd/health.lua) the way Argo CD does: {@code obj} in, a table out. */
final class ArgoCdHealth {

    static final Path SCRIPT = Path.of("manifests", "argocd", "health.lua");

    record Health(String status, String message) {
    }

    private ArgoCdHealth() {
    }

    static String script() {
        try {
            return Files.readString(SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The health of a resource given as Argo CD sees it (the object's JSON as nested maps and lists). */
    static Health of(Map<String, Object> resource) {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", lua(resource));
        LuaValue result = globals.load(script(), "health.lua").call();
        return new Health(result.get("status").tojstring(), result.get("message").tojstring());
    }

    private static LuaValue lua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((key, entry) -> table.set(String.valueOf(key), lua(entry)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, lua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Number number) {
            return LuaValue.valueOf(number.doubleValue());
        }
        if (value instanceof Boolean bool) {
            return LuaValue.valueOf(bool);
        }
        return LuaValue.valueOf(String.valueOf(value));
    }
}
