package org.massaged.controller.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads and writes the daemon's JSON trees with Jackson's streaming parser and generator alone. The daemon never
 * loads an {@code ObjectMapper}: its serializer and deserializer machinery is about 450 classes, some 3 MB of
 * resident memory in a 64 MB budget, for what this class does in a page (docs/benchmarks/footprint.md).
 *
 * <p>Reading is strict: a repeated field name and anything after the value are refused, with the parser's line
 * and column. One codec per owner, never static: daemons sharing a JVM share no state.
 */
public final class JsonCodec {

    private final JsonFactory factory = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final boolean exactDecimals;

    private JsonCodec(boolean exactDecimals) {
        this.exactDecimals = exactDecimals;
    }

    /** Fractions are read as doubles. */
    public JsonCodec() {
        this(false);
    }

    /** Every number is read exactly: {@code 1e309} stays a (too large) number instead of becoming infinity. */
    public static JsonCodec exactDecimals() {
        return new JsonCodec(true);
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** The streaming factory behind this codec, for readers that walk tokens themselves. */
    public JsonFactory factory() {
        return factory;
    }

    /** The value in {@code text}; {@link MissingNode} when there is none (only white space). */
    public JsonNode read(String text) throws JsonProcessingException {
        try (JsonParser parser = factory.createParser(text)) {
            return read(parser);
        } catch (JsonProcessingException malformed) {
            throw malformed;
        } catch (IOException cannotHappenReadingAString) {
            throw new UncheckedIOException(cannotHappenReadingAString);
        }
    }

    private JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return MissingNode.getInstance();
        }
        JsonNode root = readValue(parser, token);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after the value");
        }
        return root;
    }

    /** Iterative, so that the parser's nesting limit, not this thread's stack, bounds what can be read. */
    private JsonNode readValue(JsonParser parser, JsonToken first) throws IOException {
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        JsonToken token = first;
        while (true) {
            JsonNode value = switch (token) {
                case START_OBJECT -> object();
                case START_ARRAY -> array();
                case END_OBJECT, END_ARRAY -> open.pop();
                default -> scalar(parser, token);
            };
            boolean closed = token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY;
            if (!closed && value instanceof ContainerNode<?> container) {
                add(open.peek(), parser, container);
                open.push(container);
            } else if (!closed) {
                add(open.peek(), parser, value);
            }
            if (open.isEmpty()) {
                return value;
            }
            token = parser.nextToken();
            if (token == JsonToken.FIELD_NAME) {
                token = parser.nextToken();
            }
        }
    }

    private static void add(ContainerNode<?> parent, JsonParser parser, JsonNode value) throws IOException {
        if (parent instanceof ObjectNode object) {
            object.set(parser.currentName(), value);
        } else if (parent instanceof ArrayNode array) {
            array.add(value);
        }
    }

    private JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (token) {
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> exactDecimals
                    ? nodes.numberNode(parser.getDecimalValue())
                    : nodes.numberNode(parser.getDoubleValue());
            default -> throw new JsonParseException(parser, "Unexpected token " + token);
        };
    }

    public String write(JsonNode node) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = factory.createGenerator(text)) {
            write(generator, node);
        } catch (IOException cannotHappenWritingAString) {
            throw new UncheckedIOException(cannotHappenWritingAString);
        }
        return text.toString();
    }

    public byte[] bytes(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    out.writeFieldName(field.getKey());
                    write(out, field.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    write(out, element);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NUMBER -> writeNumber(out, node);
            case NULL, MISSING -> out.writeNull();
            default -> throw new IllegalArgumentException("not a JSON value: a " + node.getNodeType() + " node");
        }
    }

    private static void writeNumber(JsonGenerator out, JsonNode number) throws IOException {
        switch (number.numberType()) {
            case INT -> out.writeNumber(number.intValue());
            case LONG -> out.writeNumber(number.longValue());
            case BIG_INTEGER -> out.writeNumber(number.bigIntegerValue());
            case FLOAT -> out.writeNumber(number.floatValue());
            case DOUBLE -> out.writeNumber(number.doubleValue());
            case BIG_DECIMAL -> out.writeNumber(number.decimalValue());
        }
    }
}
