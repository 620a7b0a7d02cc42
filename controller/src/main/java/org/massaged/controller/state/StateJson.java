package org.massaged.controller.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The one encoder of the {@link StateDocument}: the same bytes on MQTT, the local socket and the command line. One
 * per owner, never static: a Jackson mapper is configurable, and daemons sharing a JVM share no state.
 */
public final class StateJson {

    private final ObjectMapper json = JsonMapper.builder().build();

    public byte[] bytes(StateDocument document) {
        try {
            return json.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the state", e);
        }
    }

    /** The document as a JSON object, to embed in an answer (written out, it is {@link #bytes}). */
    public ObjectNode tree(StateDocument document) {
        return json.valueToTree(document);
    }
}
