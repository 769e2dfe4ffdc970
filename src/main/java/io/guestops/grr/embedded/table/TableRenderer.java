package io.guestops.grr.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Renders custom resources as a meta.k8s.io/v1 Table from the CRD's additionalPrinterColumns,
 * the way the API server answers {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}:
 * a Name column, then the printer columns in CRD order; dates become ages; a path that selects
 * nothing gives an empty cell (kubectl prints {@code <none>}).
 */
public final class TableRenderer {

    private record Column(CustomResourceColumnDefinition definition, SimpleJsonPath path) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final List<Column> columns;
    private final Clock clock;

    public TableRenderer(List<CustomResourceColumnDefinition> printerColumns, Clock clock) {
        this.columns = printerColumns.stream()
                .map(c -> new Column(c, SimpleJsonPath.compile(c.getJsonPath())))
                .toList();
        this.clock = clock;
    }

    /** A table of the given objects; {@code includeObject} is the request's includeObject parameter. */
    public ObjectNode render(List<JsonNode> objects, String resourceVersion, String includeObject) {
        ObjectNode table = json.createObjectNode();
        table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        table.set("columnDefinitions", columnDefinitions());
        ArrayNode rows = table.putArray("rows");
        objects.forEach(object -> rows.add(row(object, includeObject)));
        return table;
    }

    private ArrayNode columnDefinitions() {
        ArrayNode definitions = json.createArrayNode();
        definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
                .put("description", "Name must be unique within a namespace.").put("priority", 0);
        for (Column column : columns) {
            CustomResourceColumnDefinition d = column.definition();
            definitions.addObject().put("name", d.getName()).put("type", d.getType())
                    .put("format", Objects.requireNonNullElse(d.getFormat(), ""))
                    .put("description", Objects.requireNonNullElse(d.getDescription(), "Custom resource definition column (in JSONPath format): " + d.getJsonPath()))
                    .put("priority", Objects.requireNonNullElse(d.getPriority(), 0));
        }
        return definitions;
    }

    private ObjectNode row(JsonNode object, String includeObject) {
        ObjectNode row = json.createObjectNode();
        ArrayNode cells = row.putArray("cells");
        cells.add(object.path("metadata").path("name").asText());
        for (Column column : columns) {
            cells.add(cell(column, object));
        }
        if ("Object".equals(includeObject)) {
            row.set("object", object);
        } else if (!"None".equals(includeObject)) {
            ObjectNode partial = row.putObject("object");
            partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", object.path("metadata"));
        }
        return row;
    }

    private JsonNode cell(Column column, JsonNode object) {
        List<JsonNode> results = column.path().evaluate(object);
        if (results.isEmpty() || results.get(0).isNull()) {
            return json.nullNode();
        }
        JsonNode value = results.get(0);
        switch (column.definition().getType()) {
            case "date":
                return json.getNodeFactory().textNode(age(value.asText()));
            case "string":
                return json.getNodeFactory().textNode(value.isValueNode() ? value.asText() : value.toString());
            default:
                return value;
        }
    }

    private String age(String timestamp) {
        try {
            return HumanDuration.of(Duration.between(Instant.parse(timestamp), clock.instant()));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }
}
